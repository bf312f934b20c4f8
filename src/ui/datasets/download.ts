/** A file name from an id such as `built_features@manual__…/featurize/1`: path separators and colons are replaced. */
export const safeFileName = (id: string, extension: string): string => `${id.replace(/[^\w.@-]+/g, '_')}.${extension}`;
