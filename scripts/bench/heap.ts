import WebSocket from "ws";

const CALL_TIMEOUT_MS = 10_000;

export interface HeapUsage {
  usedMiB: number;
  totalMiB: number;
}

/**
 * Reads one isolate's V8 heap through workerd's inspector (Chrome DevTools Protocol): the
 * figure Workers' 128 MB limit is about, unlike the process's resident memory, which also
 * holds the runtime and every other isolate.
 */
export class IsolateHeap {
  private nextId = 0;
  private readonly pending = new Map<number, (result: Record<string, number>) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, number> };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result ?? {});
    });
  }

  static async connect(inspectorPort: number, workerName: string): Promise<IsolateHeap> {
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { id: string; title: string; webSocketDebuggerUrl: string }[];
    const target = targets.find((candidate) => candidate.title.includes(workerName) || candidate.id.includes(workerName));
    if (!target) throw new Error(`no inspector target for ${workerName}: ${targets.map((candidate) => candidate.title).join(", ")}`);
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    return new IsolateHeap(socket);
  }

  /** A bench must end: an inspector that stops answering fails the run instead of hanging it. */
  private call(method: string): Promise<Record<string, number>> {
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the workerd inspector did not answer ${method} within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.socket.send(JSON.stringify({ id, method }));
    });
  }

  async usage(): Promise<HeapUsage> {
    const { usedSize = Number.NaN, totalSize = Number.NaN } = await this.call("Runtime.getHeapUsage");
    return { usedMiB: usedSize / 2 ** 20, totalMiB: totalSize / 2 ** 20 };
  }

  async collectGarbage(): Promise<void> {
    await this.call("HeapProfiler.collectGarbage");
  }

  close(): void {
    this.socket.close();
  }
}
