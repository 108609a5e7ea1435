/* global module */
// What ElectroDB gets for require('@aws-sdk/lib-dynamodb') and require('@aws-sdk/util-dynamodb')
// inside Lambda bundles; filled by functions/shims/electrodb.ts, which says why.
module.exports = {};
