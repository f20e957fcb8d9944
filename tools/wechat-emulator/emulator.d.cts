export interface EmulatorCall { at: string; api: string; query: Record<string, string>; body: unknown; answer: Record<string, unknown> }
export interface Emulator { calls: EmulatorCall[]; settled(): Promise<unknown>; holdPushes(): void; releasePushes(): void; listen(port?: number, host?: string): Promise<string>; close(): Promise<void>; setFault(mode: null | 'error' | 'timeout'): void }
export interface EmulatorOptions { pushUrl?: string; pushToken?: string; push?: (body: Record<string, unknown>, query: Record<string, string>) => Promise<void> }
export function createEmulator(options?: EmulatorOptions): Emulator;
