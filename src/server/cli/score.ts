export async function runScore(_argv: string[]): Promise<number> { return 3; }
