declare module '*/XDM.js' {
  export const channelManager: {
    addChannel(window: Window, targetOrigin?: string): { getObjectRegistry(): { register(id: string, instance: unknown): void } };
  };
}
