/**
 * A PNG of the map with a title, the legend and a source line composed on one canvas: an image that can be
 * pasted into a report and still says what it shows, whose it is and how it is classified.
 */
import type { LegendEntry } from '../legend/legendModel.ts';

export interface PngText {
  title: string;
  /** Classification line ("Innehåller Polisintern"). */
  classification: string;
  source: string;
  /** Legend rows with their labels resolved. */
  legend: Array<{ entry: LegendEntry; label: string }>;
}

const PAD = 16;
const ROW = 22;

function drawSymbol(ctx: CanvasRenderingContext2D, e: LegendEntry, x: number, y: number): void {
  const s = e.symbol;
  ctx.save();
  if (s.kind === 'dot') {
    ctx.beginPath();
    ctx.arc(x + 8, y, 6, 0, Math.PI * 2);
    ctx.fillStyle = s.fill;
    ctx.fill();
    ctx.lineWidth = 3;
    ctx.strokeStyle = s.stroke;
    ctx.stroke();
  } else if (s.kind === 'box') {
    ctx.fillStyle = s.fill;
    ctx.fillRect(x, y - 7, 16, 14);
    if (s.hatch) {
      ctx.strokeStyle = s.stroke;
      ctx.lineWidth = 1;
      for (let k = -14; k < 16; k += 4) {
        ctx.beginPath();
        ctx.moveTo(x + k, y + 7);
        ctx.lineTo(x + k + 14, y - 7);
        ctx.stroke();
      }
    }
    ctx.setLineDash(s.dashed ? [3, 2] : []);
    ctx.lineWidth = 2;
    ctx.strokeStyle = s.stroke;
    ctx.strokeRect(x, y - 7, 16, 14);
  } else {
    const g = ctx.createLinearGradient(x, 0, x + 40, 0);
    for (const [i, c] of s.colours.entries()) g.addColorStop(i / Math.max(1, s.colours.length - 1), c);
    ctx.fillStyle = g;
    ctx.fillRect(x, y - 6, 40, 12);
  }
  ctx.restore();
}

/** Draws map + texts onto a new canvas and returns it as a PNG blob. */
export async function composeMapPng(mapCanvas: HTMLCanvasElement, text: PngText): Promise<Blob> {
  const w = mapCanvas.width;
  const head = PAD * 2 + 44;
  const legendRows = Math.ceil(text.legend.length / 2);
  const foot = PAD * 2 + legendRows * ROW + 24;
  const out = document.createElement('canvas');
  out.width = Math.max(w, 640);
  out.height = head + mapCanvas.height + foot;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('canvas 2d unavailable');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#111111';
  ctx.font = 'bold 20px system-ui, sans-serif';
  ctx.fillText(text.title, PAD, PAD + 18);
  ctx.font = '14px system-ui, sans-serif';
  ctx.fillStyle = '#5f1114';
  ctx.fillText(text.classification, PAD, PAD + 40);
  ctx.drawImage(mapCanvas, 0, head);
  let y = head + mapCanvas.height + PAD + 8;
  ctx.font = '13px system-ui, sans-serif';
  const colW = Math.floor((out.width - PAD * 2) / 2);
  text.legend.forEach((l, i) => {
    const x = PAD + (i % 2) * colW;
    const ry = y + Math.floor(i / 2) * ROW;
    drawSymbol(ctx, l.entry, x, ry);
    ctx.fillStyle = '#111111';
    ctx.fillText(l.label, x + (l.entry.symbol.kind === 'ramp' ? 48 : 24), ry + 4);
  });
  y += legendRows * ROW + 8;
  ctx.fillStyle = '#444444';
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillText(text.source, PAD, y);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob gave nothing'))), 'image/png'));
}
