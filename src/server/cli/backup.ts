export async function runBackup(_argv: string[]): Promise<number> { return 3; }
