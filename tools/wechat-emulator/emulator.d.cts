export interface EmulatorCall { at: string; api: string; query: Record<string, string>; body: unknown; answer: Record<string, unknown> }
export interface Emulator { calls: EmulatorCall[]; listen(port?: number, host?: string): Promise<string>; close(): Promise<void> }
export function createEmulator(): Emulator;
