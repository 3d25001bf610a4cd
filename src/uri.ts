/** True for a URI with a scheme (`s3://…`, `gs://…`, `az://…`): an index that is not a local folder. */
export const isRemoteUri = (uri: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
