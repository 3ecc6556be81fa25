package dev.referly.conversions;

import java.util.concurrent.ThreadLocalRandom;

/** Names for customers who gave neither a name nor an email, so dashboards never show blanks. */
final class FriendlyNames {
    private static final String[] ADJECTIVES = {"Amber", "Bold", "Bright", "Calm", "Clever", "Cosmic", "Crimson",
            "Daring", "Gentle", "Golden", "Happy", "Jade", "Lively", "Lucky", "Misty", "Noble", "Quiet", "Rapid",
            "Silver", "Sunny", "Swift", "Teal", "Velvet", "Witty"};
    private static final String[] ANIMALS = {"Badger", "Crane", "Dolphin", "Falcon", "Fox", "Gecko", "Heron",
            "Ibis", "Jaguar", "Koala", "Lynx", "Marten", "Narwhal", "Otter", "Panda", "Quail", "Raven", "Seal",
            "Tiger", "Urchin", "Vole", "Walrus", "Yak", "Zebra"};

    private FriendlyNames() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + ANIMALS[random.nextInt(ANIMALS.length)];
    }
}
