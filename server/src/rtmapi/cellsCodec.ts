export { decodeCells, encodeCells } from '../rtm/core/cellsCodec.ts';
