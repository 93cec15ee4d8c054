// The whole shop, from the Node package: a new shopper fills a cart from the demo catalog up to the
// zone's minimum order, holds a delivery slot for it and checks out with a test card (a retry with
// the same requestId returns the same order, charged once); then the shop, as its service account
// (MERCATO_SERVICE_TOKEN), confirms the order, captures what was picked (a lighter pick captures
// less), packs, ships and delivers it, each step at the order's version as last read.
//   MERCATO_ENDPOINT=127.0.0.1:50051 MERCATO_SERVICE_TOKEN=... npm run place-order   (in examples/node)
import { randomUUID } from 'node:crypto';
import { Client, MercatoError, type Money, type Order } from 'mercato';

const ADDRESS = {
  recipientName: 'Ada', line1: '1 Horse Guards Rd', city: 'London', postcode: 'SW1A 2HQ', countryCode: 'GB',
};

function formatMoney(money: Money | null): string {
  if (money === null) return '-';
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: money.currencyCode });
  return format.format(money.amountMinor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

async function checkOut(shopper: Client): Promise<Order> {
  const zone = await shopper.delivery.resolveZone({ address: ADDRESS });
  let cart = await shopper.orders.createCart({ requestId: randomUUID() });
  for await (const product of shopper.catalog.listProducts({ sort: 'PRICE_DESC', pageSize: 20 })) {
    const variant = product.variants[0];
    if (variant === undefined || !variant.inStock) continue;
    cart = await shopper.orders.addCartLine({
      requestId: randomUUID(), cartId: cart.id, expectedVersion: cart.version, sku: variant.sku, quantity: 1 });
    if ((cart.subtotal?.amountMinor ?? 0) >= (zone.minOrder?.amountMinor ?? 0)) break;
  }
  console.log(`cart of ${cart.lines.length} lines, ${formatMoney(cart.subtotal)}; ${zone.name} delivers from ` +
    formatMoney(zone.minOrder));
  let slotId = '';
  for await (const slot of shopper.delivery.listSlots({ address: ADDRESS, onlyAvailable: true, pageSize: 1 })) {
    slotId = slot.id;
    break;
  }
  await shopper.delivery.holdSlot({ slotId, cartId: cart.id });
  const checkout = {
    requestId: randomUUID(), cartId: cart.id, expectedCartVersion: cart.version, address: ADDRESS,
    deliverySlotId: slotId, paymentProvider: 'test', paymentMethodToken: 'tok_visa',
  };
  const order = await shopper.orders.placeOrder(checkout);
  console.log(`order ${order.number}: ${order.status}, total ${formatMoney(order.total)}`);
  const again = await shopper.orders.placeOrder(checkout);
  console.log(`retried with the same requestId: ${again.id === order.id ? 'same order, charged once' : 'A SECOND ORDER'}`);
  return order;
}

async function fulfil(shop: Client, placed: Order): Promise<Order> {
  let order = await shop.orders.confirmOrder({
    requestId: randomUUID(), orderId: placed.id, expectedVersion: placed.version });
  const payment = await shop.payments.getPayment(order.paymentId);
  const total = order.total ?? { amountMinor: 0, currencyCode: 'GBP' };
  // The loose produce weighed 0.40 less than ordered: capture what was picked, release the rest.
  const captured = await shop.payments.capturePayment({
    requestId: randomUUID(), paymentId: payment.id, expectedVersion: payment.version, finalCapture: true,
    amount: { amountMinor: total.amountMinor - 40, currencyCode: total.currencyCode } });
  console.log(`captured ${formatMoney(captured.payment?.capturedAmount ?? null)} of ` +
    formatMoney(captured.payment?.amount ?? null));
  order = await shop.orders.getOrder(order.id);  // PAID: the capture moved it
  order = await shop.orders.packOrder({ requestId: randomUUID(), orderId: order.id, expectedVersion: order.version });
  const shipment = await shop.delivery.createShipment({
    requestId: randomUUID(), orderId: order.id, slotId: order.deliverySlotId, carrier: 'own-fleet',
    customerId: order.userId });
  order = await shop.orders.shipOrder({
    requestId: randomUUID(), orderId: order.id, expectedVersion: order.version, shipmentId: shipment.id });
  return shop.orders.deliverOrder({ requestId: randomUUID(), orderId: order.id, expectedVersion: order.version });
}

async function main(): Promise<void> {
  const endpoint = process.env.MERCATO_ENDPOINT ?? 'localhost:50051';
  const shopper = new Client({ endpoint });
  const shop = new Client({ endpoint, token: process.env.MERCATO_SERVICE_TOKEN });
  try {
    const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
    await shopper.users.register({ email, password: 'Checkout-Example-1', displayName: 'Ada' });
    await shopper.login(email, 'Checkout-Example-1');
    const order = await fulfil(shop, await checkOut(shopper));
    console.log(`order ${order.number}: ${order.status}`);
    for (const change of order.statusHistory) {
      console.log(`  ${change.changedAt?.toISOString()}  ${change.fromStatus} -> ${change.toStatus}  by ${change.actor}`);
    }
  } catch (error) {
    if (!(error instanceof MercatoError)) throw error;
    console.error(`mercato: ${error.message} (reason ${error.reason || '-'})`);
    process.exitCode = 1;
  } finally {
    await shopper.close();
    await shop.close();
  }
}

void main();
