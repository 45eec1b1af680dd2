export { registerChatRoute as registerChatRoutes } from "./routes/chat";
export { ChatService, type ChatInput, type ChatReply } from "./service";
