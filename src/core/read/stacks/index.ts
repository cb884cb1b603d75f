// All per-stack JSON readers. The detector (src/core/read) calls detect() on each and reads with the
// most confident one; specific shapes score 0.8-0.98, the generic plain readers 0.3-0.45, and a
// {query|request, response} envelope or a list of whole responses a little less than the reader of
// the shape inside.
import type { JsonStackReader } from '../readerContract';
import { algoliaReaders } from './algolia';
import { anthropicReaders } from './anthropic';
import { astraReaders } from './astra';
import { azureReaders } from './azure';
import { azureOpenAiReaders } from './azureOpenai';
import { bedrockReaders } from './bedrock';
import { chromaReaders } from './chroma';
import { deepevalReaders } from './deepeval';
import { cohereChatReaders } from './cohereChat';
import { colbertReaders } from './colbert';
import { difyReaders } from './dify';
import { elasticsearchReaders } from './elasticsearch';
import { haystackReaders } from './haystack';
import { kendraReaders } from './kendra';
import { lancedbReaders } from './lancedb';
import { langchainReaders } from './langchain';
import { langfuseReaders } from './langfuse';
import { langsmithReaders } from './langsmith';
import { llamaindexReaders } from './llamaindex';
import { meilisearchReaders } from './meilisearch';
import { memoryReaders } from './memory';
import { milvusReaders } from './milvus';
import { mongodbReaders } from './mongodb';
import { neo4jReaders } from './neo4j';
import { openaiReaders } from './openai';
import { openinferenceReaders } from './openinference';
import { openWebUiReaders } from './openwebui';
import { pineconeReaders } from './pinecone';
import { pineconeAssistantReaders } from './pineconeAssistant';
import { plainReaders } from './plain';
import { qdrantReaders } from './qdrant';
import { ragasReaders } from './ragas';
import { ragflowReaders } from './ragflow';
import { redisReaders } from './redis';
import { solrReaders } from './solr';
import { turbopufferReaders } from './turbopuffer';
import { typesenseReaders } from './typesense';
import { upstashReaders } from './upstash';
import { vectaraReaders } from './vectara';
import { vertexReaders } from './vertex';
import { rerankApiReaders } from './rerankApi';
import { sentenceTransformersReaders } from './sentenceTransformers';
import { vespaReaders } from './vespa';
import { weaviateReaders } from './weaviate';
import { makeRowsReader, makeWrappedReader } from './wrapped';

/** Readers of a shape itself; the envelope reader below delegates to these. */
const shapeReaders: JsonStackReader[] = [
  ...langchainReaders,
  ...langsmithReaders,
  ...llamaindexReaders,
  ...haystackReaders,
  ...chromaReaders,
  ...qdrantReaders,
  ...pineconeReaders,
  ...weaviateReaders,
  ...milvusReaders,
  ...elasticsearchReaders,
  ...vespaReaders,
  ...rerankApiReaders,
  ...sentenceTransformersReaders,
  ...ragasReaders,
  ...openinferenceReaders,
  ...azureReaders,
  ...bedrockReaders,
  ...openaiReaders,
  ...typesenseReaders,
  ...solrReaders,
  ...meilisearchReaders,
  ...lancedbReaders,
  ...mongodbReaders,
  ...vectaraReaders,
  ...redisReaders,
  ...turbopufferReaders,
  ...upstashReaders,
  ...astraReaders,
  ...neo4jReaders,
  ...vertexReaders,
  ...difyReaders,
  ...ragflowReaders,
  ...azureOpenAiReaders,
  ...kendraReaders,
  ...pineconeAssistantReaders,
  ...memoryReaders,
  ...colbertReaders,
  ...anthropicReaders,
  ...deepevalReaders,
  ...algoliaReaders,
  ...langfuseReaders,
  ...openWebUiReaders,
  ...cohereChatReaders,
  ...plainReaders,
];

const wrappedReader = makeWrappedReader(() => shapeReaders);

/** Every reader the detector chooses from: shapes, envelopes around them, and rows of either. */
export const stackReaders: JsonStackReader[] = [...shapeReaders, wrappedReader, makeRowsReader(() => [...shapeReaders, wrappedReader])];

export { makeElasticsearchReader } from './elasticsearch';
export { DEFAULT_TEXT_FIELDS } from './kit';
