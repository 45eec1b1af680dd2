/**
 * Wraps a factory so it builds once per configuration object and hands the same instance
 * to every later request of the isolate. Configuration is parsed once per isolate, so its
 * identity is a safe key, and a WeakMap lets a discarded configuration take its clients along.
 */
export function oncePerConfig<C extends object, V>(build: (config: C) => V): (config: C) => V {
  const built = new WeakMap<C, V>();
  return (config) => {
    if (!built.has(config)) built.set(config, build(config));
    return built.get(config)!;
  };
}
