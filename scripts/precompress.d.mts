/** Writes file.br and file.gz beside each compressible file of `dir` (recursively) when they are smaller. */
export function precompress(dir: string): { raw: number; br: number };
