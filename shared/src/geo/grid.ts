/**
 * The raster convention every risk surface uses (near-repeat, RTM, tiles): a grid in EPSG:3006 metres whose
 * `originX`/`originY` is the **north-west (top-left) corner**; row 0 is the northernmost row and values are
 * row-major: index = row · cols + col. Cell (col, row) has its centre at
 * (originX + (col + ½)·cellSize, originY − (row + ½)·cellSize).
 */
export interface GridSpec {
  originX: number;
  originY: number;
  cellSize: number;
  cols: number;
  rows: number;
}
