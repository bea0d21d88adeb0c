export async function runRestore(_argv: string[]): Promise<number> { return 3; }
