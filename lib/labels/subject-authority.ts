/** label_heads.authority: the authority of an at:// URI, or the subject itself (a DID). Its trigger computes the same. */
export function authorityOf(uri: string): string {
  return /^at:\/\/([^/?#]+)/.exec(uri)?.[1] ?? uri;
}

/**
 * The account every URI with this prefix belongs to, when the prefix names it whole
 * (`at://DID/…`): label_heads.authority is that part of the URI, up to the first / ? or #.
 */
export function prefixAuthority(prefix: string): string | undefined {
  return /^at:\/\/([^/?#]+)\//.exec(prefix)?.[1];
}
