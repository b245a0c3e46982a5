//! What the visible and hidden tests of as-queue both check about a pipeline's
//! deliveries.

use std::collections::BTreeMap;

use ex_async::queue::{Delivery, Item, Plan};

/// Checks that `deliveries` hold every item of `plan` exactly once, each taken by one of
/// its consumers.
pub fn assert_each_item_once(plan: &Plan, deliveries: &[Delivery]) {
    let mut seen: BTreeMap<Item, usize> = BTreeMap::new();
    for delivery in deliveries {
        assert!(
            delivery.consumer < plan.consumers,
            "consumer {} does not exist: the plan has {}",
            delivery.consumer,
            plan.consumers
        );
        *seen.entry(delivery.item).or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, count)| **count > 1).collect();
    assert!(
        twice.is_empty(),
        "items delivered more than once: {twice:?}"
    );
    let expected: Vec<Item> = (0..plan.producers)
        .flat_map(|producer| {
            (0..plan.items_per_producer).map(move |number| Item { producer, number })
        })
        .collect();
    let missing: Vec<_> = expected
        .iter()
        .filter(|item| !seen.contains_key(item))
        .collect();
    assert!(missing.is_empty(), "items never delivered: {missing:?}");
    assert_eq!(
        deliveries.len(),
        expected.len(),
        "every item exactly once, and nothing else"
    );
}
