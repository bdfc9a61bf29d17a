package dev.tributary.app.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the workload knows of the shop's rows so that it only updates and deletes rows that exist:
 * the next ids and the orders still open. Used by one thread.
 */
final class ShopState {
    static final int PRODUCTS = 200;

    private long lastCustomer;
    private long lastOrder;
    private final List<Long> orders = new ArrayList<>();

    long nextCustomer() {
        return ++lastCustomer;
    }

    long nextOrder() {
        long id = ++lastOrder;
        orders.add(id);
        return id;
    }

    long customers() {
        return lastCustomer;
    }

    boolean hasOrders() {
        return !orders.isEmpty();
    }

    /** An order that exists. */
    long anyOrder(SplittableRandom random) {
        return orders.get(random.nextInt(orders.size()));
    }

    /** Removes and returns an order that exists. */
    long removeOrder(SplittableRandom random) {
        int i = random.nextInt(orders.size());
        long id = orders.get(i);
        orders.set(i, orders.get(orders.size() - 1));
        orders.remove(orders.size() - 1);
        return id;
    }
}
