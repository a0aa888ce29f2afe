// Small sources shared by the language-server tests.
export const SCHEMA = `/// Customers of the shop.
entity customer from "analytics.customers" key id {
  id: string
  age: int?
  country: string
  plan: enum("free", "pro", "enterprise")
  signup_at: timestamp
}

/// Every order.
events orders of customer from "analytics.orders" by customer_id at ordered_at {
  amount: decimal(2)
  channel: enum("web", "app", "store")
  status: enum("paid", "refunded", "cancelled")
}
`;

export const SEGMENTS = `import "./schema.seg"

default window last 90 days

/// Total paid spend.
measure spend = sum(orders.amount where status = "paid")

param min_spend: decimal = 500

/// Buys about weekly and spends well.
segment LoyalHighValue where orders >= 4 per month and spend > min_spend

segment Recent where spend over last 30 days > 100

segmentation Frequency {
  High    where orders >= 1 every week over last 8 weeks
  Low     where any(orders) over last 6 months
  Churned otherwise
}
`;
