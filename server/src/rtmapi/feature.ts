export { rtmFeature } from '../rtm/feature.ts';
