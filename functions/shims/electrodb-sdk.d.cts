declare const sdkForElectrodb: Record<string, unknown>;
export = sdkForElectrodb;
