/**
 * The pictures capability's public interface: what other capabilities may import. Everything else under
 * server/src/pictures is internal (the composition root also imports feature.ts, tests anything).
 */
export { type LayerRecord, layerSummary, type NewLayer, type NewPicture, type PictureRecord, PictureService } from './pictureService.ts';
export { pictureOut } from './routes.ts';
export { DEMO_LAYER_IDS, DEMO_PICTURE_ID } from './demoPicture.ts';
export { type PublicFeature, type PublicFeatureCollection, type PublicLayer, type PublicPictureReader, type PublicPictureSummary, publicPictureReader } from './publicRead.ts';
export { type ReadableContent, type ReadableLayer, readableContent } from './readableContent.ts';
