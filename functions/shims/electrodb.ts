/**
 * What our code gets for `electrodb` inside Lambda bundles (see functions/bundling.ts).
 *
 * ElectroDB is CommonJS and require()s @aws-sdk/lib-dynamodb and @aws-sdk/util-dynamodb.
 * A require() of the SDK's ES modules makes esbuild wrap every SDK module the function
 * loads in a lazy initialiser, which adds about 25 ms to each cold start. ElectroDB reads
 * the command classes and `unmarshall` only when it sends a request, so in a bundle its
 * require() returns a plain object, filled here from the ES modules the function loads anyway.
 */
import * as documentClient from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import sdkForElectrodb from './electrodb-sdk.cjs';

Object.assign(sdkForElectrodb, documentClient, { unmarshall });

export * from 'electrodb';
