/**
 * Everything a build needs to turn a changed file into an article and its chunks, in one module so
 * the build can load it only when some file did change (`src/ingest/build.ts`).
 */
export { chunkArticle, embeddingText } from './chunk.js';
export { cleanArticle } from './clean.js';
export { extractMetadata } from './metadata.js';
export { decodeArticle } from './read.js';
export { extractStructure } from './structure.js';
export { createRegionResolver } from '../regions/regions.js';
