// Type declarations of the `mercato` package: the client, catalog and inventory by hand; the
// generated service clients and their messages in services.d.ts (re-exported here). Checked by
// `tsc --noEmit` over examples/node in the Node suite.
//
// Results are plain objects with camelCase keys. 64-bit integers (money in minor units,
// versions, quantities) are Numbers: a value beyond Number.MAX_SAFE_INTEGER (2^53 - 1) makes the
// call reject with a RangeError rather than round. Inputs take a Number or a BigInt for them.
// Enums are their short names ('ACTIVE', not 'PRODUCT_STATUS_ACTIVE'); timestamps are Dates;
// an unset message field is null.

import type {
  AnalyticsClient,
  DeliveryClient,
  Init,
  Money,
  OrderClient,
  PaymentClient,
  User,
  UserClient,
  WatchChangesRequest,
  WatchChangesResponse,
} from './services';

export * from './services';

export interface ClientOptions {
  /** host:port of mercatod (plaintext gRPC). Default 'localhost:50051'. */
  endpoint?: string;
  /** Bearer token sent on every call (staff writes need one). */
  token?: string;
  /** Deadline of each attempt of a call, in ms. Default 10000. */
  timeoutMs?: number;
  /** The local read cache of products and categories, kept fresh by the server's change stream. Default true. */
  cache?: boolean;
  /** Upper bound on the age of a cached entry, in ms. Default 300000. */
  cacheTtlMs?: number;
  /** Retries after the first attempt on UNAVAILABLE, RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED. Default 3. */
  retries?: number;
}

/** Per-call overrides, the last argument of every call. */
export interface CallOptions {
  /** Deadline of each attempt of this call, in ms. */
  timeoutMs?: number;
  /** Mutations: the idempotency key (default: a random UUID, the same on every retry). */
  requestId?: string;
  /** Reads: ask the server rather than the local cache (and refresh the cache). */
  bypassCache?: boolean;
}

/** A Number (safe integer) or a BigInt within 64 bits. */
export type Int64Input = number | bigint;

export type ProductStatus = 'UNSPECIFIED' | 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
export type UnitOfMeasure = 'UNSPECIFIED' | 'EACH' | 'GRAM' | 'MILLILITRE';
export type ProductSort = 'UNSPECIFIED' | 'RELEVANCE' | 'PRICE_ASC' | 'PRICE_DESC' | 'NAME' | 'NEWEST';

export interface Variant {
  id: string;
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: Money | null;
  /** The struck-through reference price; null when not on offer. */
  compareAtPrice: Money | null;
  unit: UnitOfMeasure;
  unitQuantity: number;
  barcode: string;
  inStock: boolean;
  availableQuantity: number;
  version: number;
}

export interface Product {
  id: string;
  categoryId: string;
  name: string;
  slug: string;
  description: string;
  brand: string;
  attributes: Record<string, string>;
  variants: Variant[];
  status: ProductStatus;
  imageUrls: string[];
  version: number;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface Category {
  id: string;
  /** '' for a root. */
  parentId: string;
  name: string;
  slug: string;
  /** From the root down to the parent. */
  ancestorIds: string[];
  position: number;
  version: number;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface MoneyInput {
  amountMinor: Int64Input;
  currencyCode: string;
}

export interface VariantInput {
  /** Set to update an existing variant in updateProduct; omit to create one. */
  id?: string;
  sku: string;
  name?: string;
  attributes?: Record<string, string>;
  price: MoneyInput;
  compareAtPrice?: MoneyInput | null;
  unit?: UnitOfMeasure;
  unitQuantity?: Int64Input;
  barcode?: string;
}

export interface ProductInput {
  categoryId: string;
  name: string;
  slug: string;
  description?: string;
  brand?: string;
  attributes?: Record<string, string>;
  variants: VariantInput[];
  status?: ProductStatus;
  imageUrls?: string[];
}

/** The fields updateProduct changes: exactly the keys given; null clears a field. */
export type ProductFields = {
  [K in keyof ProductInput]?: ProductInput[K] | null;
};

export interface ProductFilter {
  /** Only this category (and, unless includeDescendants is false, its descendants). */
  categoryId?: string;
  includeDescendants?: boolean;
  /** Full-text query over name, brand, description and SKU. */
  query?: string;
  /** Cheapest-variant price bounds in minor units of `currency`, inclusive. */
  minPrice?: Int64Input;
  maxPrice?: Int64Input;
  /** ISO 4217 code of the price bounds; required with either bound. */
  currency?: string;
  inStockOnly?: boolean;
  /** Default ACTIVE; other states need a staff token. */
  status?: ProductStatus;
  sort?: ProductSort;
  /** Products per page (each page is one request): default 50, at most 200. */
  pageSize?: number;
}

export interface CategoryListOptions {
  /** Omitted: the whole tree, depth-first; '': the roots; an id: its direct children. */
  parentId?: string;
  pageSize?: number;
}

export interface CategoryInput {
  name: string;
  slug: string;
  /** Omitted or '': a root. */
  parentId?: string;
  position?: number;
}

export interface GetProductBySkuResult {
  product: Product;
  /** The id of the variant of `product` whose SKU matched. */
  variantId: string;
}

export interface BatchGetProductsResult {
  /** In request order. */
  products: Product[];
  /** Requested ids that do not exist (or are not visible). */
  missingIds: string[];
}

export type MovementKind = 'UNSPECIFIED' | 'RECEIPT' | 'ADJUSTMENT' | 'RESERVATION' | 'RELEASE' | 'COMMIT';
export type ReservationState = 'UNSPECIFIED' | 'ACTIVE' | 'COMMITTED' | 'RELEASED' | 'EXPIRED';

/** Stock of one SKU at one location; 0 <= reserved <= onHand. */
export interface StockItem {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  /** onHand - reserved. */
  available: number;
  /** 0: no record yet (all zeros). */
  version: number;
  updatedAt: Date | null;
}

/** One entry of the stock ledger. */
export interface Movement {
  id: string;
  sku: string;
  locationId: string;
  kind: MovementKind;
  /** RECEIPT/ADJUSTMENT: signed delta to onHand; the others: positive units. */
  quantity: number;
  reason: string;
  /** User id or 'system:<component>'. */
  actor: string;
  /** '' unless kind is RESERVATION, RELEASE or COMMIT. */
  reservationId: string;
  createdAt: Date | null;
}

export interface StockKey {
  sku: string;
  locationId: string;
}

export interface ReservationLine {
  sku: string;
  locationId: string;
  quantity: number;
}

export interface ReservationLineInput {
  sku: string;
  locationId: string;
  quantity: Int64Input;
}

export interface Reservation {
  id: string;
  lines: ReservationLine[];
  state: ReservationState;
  expiresAt: Date | null;
  /** '' for a pre-checkout hold. */
  orderId: string;
  version: number;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface StockAdjustment {
  sku: string;
  locationId: string;
  /** Units added to onHand: > 0 for a RECEIPT, != 0 for an ADJUSTMENT. */
  delta: Int64Input;
  /** Default 'RECEIPT'. */
  kind?: 'RECEIPT' | 'ADJUSTMENT';
  /** Why (required for an ADJUSTMENT). */
  reason?: string;
  /** Apply only at this version (0 before the first change); else ABORTED, metadata.current_version. */
  expectedVersion?: Int64Input;
  /** Without expectedVersion: how many lost version races to retry (re-reading each time). Default 0. */
  conflictRetries?: number;
}

export interface AdjustStockResult {
  stockItem: StockItem;
  movement: Movement;
}

export interface ReservationInput {
  lines: ReservationLineInput[];
  /** How long to hold, in ms; default the server's (15 min), at most 24 h. */
  ttlMs?: number;
  orderId?: string;
}

export interface VersionOption {
  /** Apply only at this version; else ABORTED (VERSION_MISMATCH). */
  expectedVersion?: Int64Input;
}

export interface StockFilter {
  locationId?: string;
  /** Only items with available <= this. */
  lowStockThreshold?: Int64Input;
  /** Items per page (each page is one request): default 50, at most 200. */
  pageSize?: number;
}

export interface MovementFilter {
  sku?: string;
  locationId?: string;
  reservationId?: string;
  /** Inclusive. */
  createdAfter?: Date;
  /** Exclusive. */
  createdBefore?: Date;
  pageSize?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  evictions: number;
  expirations: number;
  size: number;
}

/**
 * The result of a list call: `for await (const item of listing)` or
 * `for await (const page of listing.pages())`. A page is fetched only when the previous one is
 * used up; each iteration starts from the first page. A failed page rejects the iteration.
 */
export declare class Listing<T> implements AsyncIterable<T> {
  private constructor();
  pages(): AsyncGenerator<T[], void, undefined>;
  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined>;
}

/**
 * The messages of a server stream. `for await` reads each as the server sends it (and cancels the
 * call when the loop ends early); next() reads one, null once the stream has ended; close() cancels.
 */
export declare class MessageStream<T> implements AsyncIterable<T> {
  next(): Promise<T | null>;
  close(): void;
  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined>;
}

/**
 * A value shared with every caller that reads it (a cache hit is the cached object itself): deeply
 * frozen, and its Dates' setters throw. Plain objects when the client has `cache: false`.
 */
export type Frozen<T> = T extends Date
  ? Readonly<T>
  : T extends readonly (infer U)[]
    ? ReadonlyArray<Frozen<U>>
    : T extends object
      ? { readonly [K in keyof T]: Frozen<T[K]> }
      : T;

export declare class CatalogClient {
  private constructor();
  getCategory(categoryId: string, callOptions?: CallOptions): Promise<Frozen<Category>>;
  listCategories(options?: CategoryListOptions, callOptions?: CallOptions): Listing<Category>;
  createCategory(category: CategoryInput, callOptions?: CallOptions): Promise<Category>;
  /** Changes exactly the keys of `fields`; ABORTED (VERSION_MISMATCH) when the category changed. */
  updateCategory(
    categoryId: string,
    expectedVersion: Int64Input,
    fields: Partial<CategoryInput>,
    callOptions?: CallOptions,
  ): Promise<Category>;
  /** FAILED_PRECONDITION (CATEGORY_NOT_EMPTY) while it has children or products. */
  deleteCategory(categoryId: string, expectedVersion: Int64Input, callOptions?: CallOptions): Promise<void>;

  getProduct(productId: string, callOptions?: CallOptions): Promise<Frozen<Product>>;
  getProductBySku(sku: string, callOptions?: CallOptions): Promise<Frozen<GetProductBySkuResult>>;
  /** Throws a TypeError at once for a malformed filter; the server's checks reject the first page. */
  listProducts(filter?: ProductFilter, callOptions?: CallOptions): Listing<Product>;
  /** Up to 100 ids; unknown ids come back in missingIds. */
  batchGetProducts(productIds: string[], callOptions?: CallOptions): Promise<BatchGetProductsResult>;
  createProduct(product: ProductInput, callOptions?: CallOptions): Promise<Product>;
  /** Rejects with ABORTED (reason VERSION_MISMATCH, metadata.current_version) when the product changed. */
  updateProduct(
    productId: string,
    expectedVersion: Int64Input,
    fields: ProductFields,
    callOptions?: CallOptions,
  ): Promise<Product>;
  archiveProduct(productId: string, expectedVersion: Int64Input, callOptions?: CallOptions): Promise<Product>;

  /** The catalog's change events; unset afterPosition: from now. */
  watchChanges(request?: Init<WatchChangesRequest>, callOptions?: CallOptions): MessageStream<WatchChangesResponse>;

  /** Counters of the local cache (zeros when the cache is off). */
  cacheStats(): CacheStats;
}

/** Stock changes, reservations and the ledger need a staff (or service) token. */
export declare class InventoryClient {
  private constructor();
  /** No record yet: zeros at version 0. */
  getStock(sku: string, locationId: string, callOptions?: CallOptions): Promise<StockItem>;
  /** Up to 100 keys; one item per key, in order. */
  batchGetStock(keys: StockKey[], callOptions?: CallOptions): Promise<StockItem[]>;
  /** Ordered by sku, then locationId. */
  listStock(filter?: StockFilter, callOptions?: CallOptions): Listing<StockItem>;
  /** Rejects with FAILED_PRECONDITION (INSUFFICIENT_STOCK) when onHand would fall below reserved. */
  adjustStock(adjustment: StockAdjustment, callOptions?: CallOptions): Promise<AdjustStockResult>;
  /**
   * Holds every line or none. Short stock rejects with FAILED_PRECONDITION, reason OUT_OF_STOCK,
   * metadata['<sku>@<locationId>'] = the units available, one entry per short line.
   */
  reserve(reservation: ReservationInput, callOptions?: CallOptions): Promise<Reservation>;
  extendReservation(
    reservationId: string,
    ttlMs: number,
    options?: VersionOption,
    callOptions?: CallOptions,
  ): Promise<Reservation>;
  commitReservation(reservationId: string, options?: VersionOption, callOptions?: CallOptions): Promise<Reservation>;
  releaseReservation(reservationId: string, options?: VersionOption, callOptions?: CallOptions): Promise<Reservation>;
  getReservation(reservationId: string, callOptions?: CallOptions): Promise<Reservation>;
  /** Newest first. */
  listMovements(filter?: MovementFilter, callOptions?: CallOptions): Listing<Movement>;
}


/** An account (Client.me()). */
export declare class Client {
  constructor(options?: ClientOptions);
  readonly catalog: CatalogClient;
  readonly inventory: InventoryClient;
  readonly users: UserClient;
  readonly orders: OrderClient;
  readonly payments: PaymentClient;
  readonly delivery: DeliveryClient;
  readonly analytics: AnalyticsClient;
  /**
   * Logs in; every later call of this client (catalog included) carries the session token.
   * Wrong credentials reject with a MercatoError of code UNAUTHENTICATED.
   */
  login(email: string, password: string, callOptions?: CallOptions): Promise<void>;
  /** Ends the session (if any) and forgets its token. */
  logout(callOptions?: CallOptions): Promise<void>;
  /** Whether calls currently carry a session token (from login() or the `token` option). */
  readonly loggedIn: boolean;
  /** The account of the current session. */
  me(callOptions?: CallOptions): Promise<User>;
  /** Releases the connection and the cache; calls in flight finish first. Harmless twice. */
  close(): Promise<void>;
}

/** gRPC's canonical code names. */
export type StatusCode =
  | 'OK'
  | 'CANCELLED'
  | 'UNKNOWN'
  | 'INVALID_ARGUMENT'
  | 'DEADLINE_EXCEEDED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'OUT_OF_RANGE'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DATA_LOSS'
  | 'UNAUTHENTICATED';

/** What every failed call rejects with; the same fields as the Python package's MercatoError. */
export declare class MercatoError extends Error {
  constructor(message: string, fields: Omit<MercatoError, keyof Error>);
  readonly code: StatusCode;
  /** The numeric gRPC code (5 for NOT_FOUND). */
  readonly grpcCode: number;
  /** Stable UPPER_SNAKE reason, e.g. 'VERSION_MISMATCH'; '' when the server gave none. */
  readonly reason: string;
  /** Where the error came from, e.g. 'catalog', 'api'. */
  readonly domain: string;
  /** Structured context, e.g. {current_version: '3'}. */
  readonly metadata: Record<string, string>;
  /** The server's id of the failed call ('' when none). */
  readonly requestId: string;
  /** The least wait before retrying that the server asked for, or null. */
  readonly retryAfterMs: number | null;
}
