// Finds the delivery slots for an address and books one, the way a storefront's checkout does: the
// shopper (a new customer account) lists the open windows of the zone serving their postcode and
// holds one for their cart; the checkout service (MERCATO_SERVICE_TOKEN) then turns the hold into
// the order's booking. The order is made up, so the booking is released at the end (a real
// checkout books through PlaceOrder).
//   MERCATO_ENDPOINT=127.0.0.1:50051 MERCATO_SERVICE_TOKEN=... npm run book-delivery-slot   (in examples/node)
import { randomUUID } from 'node:crypto';
import { Client, MercatoError, type Money, type Slot } from 'mercato';

const ADDRESS = {
  recipientName: 'Ada', line1: '1 Horse Guards Rd', city: 'London', postcode: 'SW1A 2HQ', countryCode: 'GB',
};

function formatMoney(money: Money | null): string {
  if (money === null) return '-';
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: money.currencyCode });
  return format.format(money.amountMinor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

function formatWindow(slot: Slot): string {
  const day = { weekday: 'short', day: '2-digit', month: 'short', timeZone: 'Europe/London' } as const;
  const time = { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' } as const;
  return `${slot.startTime?.toLocaleDateString('en-GB', day)} ${slot.startTime?.toLocaleTimeString('en-GB', time)}-` +
    `${slot.endTime?.toLocaleTimeString('en-GB', time)}`;
}

async function main(): Promise<void> {
  const endpoint = process.env.MERCATO_ENDPOINT ?? 'localhost:50051';
  const shopper = new Client({ endpoint });
  const checkout = new Client({ endpoint, token: process.env.MERCATO_SERVICE_TOKEN });
  try {
    const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
    await shopper.users.register({ email, password: 'Slot-Booking-Example-1', displayName: 'Ada' });
    await shopper.login(email, 'Slot-Booking-Example-1');

    const zone = await shopper.delivery.resolveZone({ address: ADDRESS });
    console.log(`${ADDRESS.postcode} is in ${zone.name}: delivery ${formatMoney(zone.deliveryFee)}, ` +
      `minimum order ${formatMoney(zone.minOrder)}`);
    const open: Slot[] = [];
    for await (const slot of shopper.delivery.listSlots({ address: ADDRESS, onlyAvailable: true, pageSize: 5 })) {
      open.push(slot);
      console.log(`  ${formatWindow(slot)}  ${slot.remaining} of ${slot.capacity} left`);
      if (open.length === 5) break;
    }
    const chosen = open[0];
    if (chosen === undefined) throw new Error('no open slot for this address');
    const cartId = (await shopper.orders.createCart({ requestId: randomUUID() })).id;
    const held = await shopper.delivery.holdSlot({ slotId: chosen.id, cartId });
    console.log(`held ${formatWindow(chosen)} for cart ${cartId} until ${held.hold?.expiresAt?.toISOString()}`);

    const orderId = `order-${randomUUID().slice(0, 8)}`;
    const booked = await checkout.delivery.bookSlot({ slotId: chosen.id, orderId, holdId: held.hold?.id ?? '' });
    console.log(`booked for ${orderId}: booking ${booked.booking?.id}, ${booked.slot?.remaining} left in the slot`);
    // The order here is made up (a real checkout books through PlaceOrder), so the unit goes back.
    const released = await checkout.delivery.releaseSlot({ bookingId: booked.booking?.id ?? '' });
    console.log(`released booking ${released.id}: the example's order is not real`);
  } catch (error) {
    if (!(error instanceof MercatoError)) throw error;
    console.error(`mercato: ${error.message} (reason ${error.reason || '-'})`);
    process.exitCode = 1;
  } finally {
    await shopper.close();
    await checkout.close();
  }
}

void main();
