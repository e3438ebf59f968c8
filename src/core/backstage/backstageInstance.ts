/**
 * Where Backstage records come from. A leaf: file records name these without importing how Backstage
 * catalogs are read (remoteCatalog.ts), which itself builds on file records.
 */

/** A Backstage instance a catalog was read from. */
export interface BackstageInstance {
  /** The backend's URL: the catalog API is under `/api/catalog`. */
  baseUrl: string;
  /** The Backstage app's URL, where entity pages live; often the same as `baseUrl`. */
  appUrl: string;
}

/** Where a remote entity came from. */
export interface RemoteOrigin {
  baseUrl: string;
  /** The entity's page in the Backstage app. */
  pageUrl: string;
  /** When this version of the entity (its etag) was first read, as an ISO time: the age of what Backstage reported about it. */
  readAt: string;
}
