// Browses the catalog of a running mercatod: prints the category tree, then the first page of a
// "milk" search with prices formatted in their currency.
//   MERCATO_ENDPOINT=127.0.0.1:50051 npm run browse-catalog      (in examples/node)
import { Client, MercatoError, type Category, type Money } from 'mercato';

function formatPrice(price: Money | null): string {
  if (price === null) return '-';
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: price.currencyCode });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(price.amountMinor / 10 ** digits);
}

async function printCategoryTree(client: Client): Promise<void> {
  console.log('Categories');
  // Without parentId the server returns the whole tree depth-first, so indenting by depth draws it.
  for await (const category of client.catalog.listCategories()) {
    const c: Category = category;
    console.log(`${'  '.repeat(c.ancestorIds.length + 1)}${c.name}`);
  }
}

async function printSearch(client: Client, query: string): Promise<void> {
  console.log(`\nFirst page of "${query}"`);
  for await (const page of client.catalog.listProducts({ query, pageSize: 10 }).pages()) {
    for (const product of page) {
      const prices = product.variants.map((v) => `${v.name} ${formatPrice(v.price)}`).join(', ');
      console.log(`  ${product.name} (${product.brand}): ${prices}`);
    }
    break;
  }
}

async function main(): Promise<void> {
  const client = new Client({ endpoint: process.env.MERCATO_ENDPOINT ?? 'localhost:50051' });
  try {
    await printCategoryTree(client);
    await printSearch(client, 'milk');
  } catch (error) {
    if (!(error instanceof MercatoError)) throw error;
    console.error(`mercato: ${error.message} (reason ${error.reason || '-'})`);
    process.exitCode = 1;
  } finally {
    await client.close();
  }
}

void main();
