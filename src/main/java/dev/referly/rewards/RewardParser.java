package dev.referly.rewards;

import dev.referly.shared.ApiException;
import dev.referly.shared.TextField;
import dev.referly.shared.Timestamps;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a reward as the API sends it (Dub's shape plus Referly's spend limits) into a
 * {@link Reward}. Pure: every problem is an {@link ApiException#invalid} naming the field by its
 * path, e.g. {@code modifiers[0].conditions[1].operator}. Fields it does not know (id, createdAt,
 * tooltipHtml from a GET being sent back) are ignored.
 */
public final class RewardParser {
    public static final int MAX_DESCRIPTION = 100;
    public static final int MAX_TOOLTIP = 2_000;
    public static final int MAX_MODIFIERS = 20;
    public static final int MAX_CONDITIONS = 20;
    public static final int MAX_VALUES = 100;
    public static final int MAX_VALUE_LENGTH = 200;
    public static final int MAX_DURATION_MONTHS = 120;
    /** Ten million dollars: far above any real reward, far below where sums could overflow. */
    public static final long MAX_CENTS = 1_000_000_000L;

    private static final Pattern METADATA_KEY = Pattern.compile("metadata\\.[A-Za-z0-9_\\-.]{1,100}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** How a condition attribute's values are read, and which operators make sense on it. */
    enum Kind {
        COUNTRY(EnumSet.of(ConditionOperator.EQUALS_TO, ConditionOperator.NOT_EQUALS, ConditionOperator.IN,
                ConditionOperator.NOT_IN)),
        TEXT(EnumSet.of(ConditionOperator.EQUALS_TO, ConditionOperator.NOT_EQUALS, ConditionOperator.STARTS_WITH,
                ConditionOperator.ENDS_WITH, ConditionOperator.CONTAINS, ConditionOperator.NOT_CONTAINS,
                ConditionOperator.IN, ConditionOperator.NOT_IN)),
        CHOICE(EnumSet.of(ConditionOperator.EQUALS_TO, ConditionOperator.NOT_EQUALS, ConditionOperator.IN,
                ConditionOperator.NOT_IN)),
        INTEGER(EnumSet.of(ConditionOperator.EQUALS_TO, ConditionOperator.NOT_EQUALS, ConditionOperator.GREATER_THAN,
                ConditionOperator.GREATER_THAN_OR_EQUAL, ConditionOperator.LESS_THAN,
                ConditionOperator.LESS_THAN_OR_EQUAL, ConditionOperator.IN, ConditionOperator.NOT_IN)),
        DATE(EnumSet.of(ConditionOperator.GREATER_THAN, ConditionOperator.GREATER_THAN_OR_EQUAL,
                ConditionOperator.LESS_THAN, ConditionOperator.LESS_THAN_OR_EQUAL)),
        METADATA(EnumSet.allOf(ConditionOperator.class));

        final Set<ConditionOperator> operators;

        Kind(Set<ConditionOperator> operators) {
            this.operators = operators;
        }
    }

    private record Attribute(Kind kind, List<String> choices) {
        static Attribute of(Kind kind) {
            return new Attribute(kind, List.of());
        }
    }

    private static final Map<ConditionEntity, Map<String, Attribute>> ATTRIBUTES = Map.of(
            ConditionEntity.CUSTOMER, Map.of(
                    "country", Attribute.of(Kind.COUNTRY),
                    "source", new Attribute(Kind.CHOICE, List.of("tracked", "trial", "submitted")),
                    "signupDate", Attribute.of(Kind.DATE),
                    "subscriptionDurationMonths", Attribute.of(Kind.INTEGER)),
            ConditionEntity.SALE, Map.of(
                    "productId", Attribute.of(Kind.TEXT),
                    "amount", Attribute.of(Kind.INTEGER),
                    "type", new Attribute(Kind.CHOICE, List.of("new", "recurring"))),
            ConditionEntity.LEAD, Map.of(),
            ConditionEntity.PARTNER, Map.of(
                    "country", Attribute.of(Kind.COUNTRY),
                    "totalClicks", Attribute.of(Kind.INTEGER),
                    "totalLeads", Attribute.of(Kind.INTEGER),
                    "totalConversions", Attribute.of(Kind.INTEGER),
                    "totalSaleAmount", Attribute.of(Kind.INTEGER),
                    "totalCommissions", Attribute.of(Kind.INTEGER)));

    private RewardParser() {}

    public static Reward parse(RewardEvent event, Map<String, Object> body, String id) {
        if (body.containsKey("event") && !event.apiName().equals(body.get("event"))) {
            throw ApiException.invalid("event", "must be " + event.apiName() + ", the event in the path");
        }
        RewardType type = type("type", body.get("type"), event);
        if (type == null) {
            type = RewardType.FLAT;
        }
        long cents = 0;
        int basisPoints = 0;
        if (type == RewardType.FLAT) {
            forbid(body, "amountInPercentage", "is only for percentage rewards");
            cents = required(cents("amountInCents", body.get("amountInCents")), "amountInCents");
        } else {
            forbid(body, "amountInCents", "is only for flat rewards; percentage rewards take amountInPercentage");
            basisPoints = required(basisPoints("amountInPercentage", body.get("amountInPercentage")), "amountInPercentage");
        }
        Integer maxDuration = body.containsKey("maxDuration")
                ? maxDuration("maxDuration", body.get("maxDuration"), event)
                : (event == RewardEvent.SALE ? null : 0);
        String description = text("description", body.get("description"), MAX_DESCRIPTION);
        if (type == RewardType.FLAT && cents == 0 && description == null) {
            throw ApiException.invalid("amountInCents",
                    "must be more than 0, unless a description names what a non-monetary reward gives");
        }
        String tooltip = text("tooltipDescription", body.get("tooltipDescription"), MAX_TOOLTIP);
        List<Modifier> modifiers = modifiers(body.get("modifiers"), event, type);
        List<SpendLimit> spendLimits = spendLimits(body.get("spendLimits"), event);
        return new Reward(id, event, type, cents, basisPoints, maxDuration, description, tooltip, modifiers, spendLimits);
    }

    private static RewardType type(String field, Object value, RewardEvent event) {
        if (value == null) {
            return null;
        }
        RewardType type = switch (str(value)) {
            case "flat" -> RewardType.FLAT;
            case "percentage" -> RewardType.PERCENTAGE;
            case null, default -> throw ApiException.invalid(field, "must be flat or percentage");
        };
        if (type == RewardType.PERCENTAGE && event != RewardEvent.SALE) {
            throw ApiException.invalid(field, "percentage rewards are only for sale events; a " + event.apiName()
                    + " reward is a flat amount");
        }
        return type;
    }

    private static String str(Object value) {
        return value instanceof String s ? s : null;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiException.invalid(field, "is required");
        }
        return value;
    }

    private static void forbid(Map<String, Object> object, String field, String why) {
        forbid(object, field, field, why);
    }

    private static void forbid(Map<String, Object> object, String key, String path, String why) {
        if (object.get(key) != null) {
            throw ApiException.invalid(path, why);
        }
    }

    /** Integer cents from 0 to {@link #MAX_CENTS}; null when absent. */
    static Long cents(String field, Object value) {
        if (value == null) {
            return null;
        }
        Long cents = integer(value);
        if (cents == null || cents < 0 || cents > MAX_CENTS) {
            throw ApiException.invalid(field, "must be an integer number of cents from 0 to " + MAX_CENTS);
        }
        return cents;
    }

    /**
     * A percentage above 0 and up to 100 with at most two decimals, exactly, as basis points:
     * the decimal text of the number is parsed, so 12.34 is 1234 and never 1233.99...
     */
    public static Integer basisPoints(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number)) {
            throw ApiException.invalid(field, "must be a number above 0 and at most 100");
        }
        BigDecimal percent;
        try {
            percent = new BigDecimal(value.toString()).stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, "must be a number above 0 and at most 100");
        }
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ApiException.invalid(field, "must be above 0 and at most 100");
        }
        if (percent.scale() > 2) {
            throw ApiException.invalid(field, "must have at most 2 decimals");
        }
        return percent.movePointRight(2).intValueExact();
    }

    /** A JSON integer as a long, or null when {@code value} is not an integer that fits. */
    static Long integer(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        return null;
    }

    /** 0 one-time, 1 to 120 months, null lifetime (sale rewards only). */
    private static Integer maxDuration(String field, Object value, RewardEvent event) {
        if (event != RewardEvent.SALE) {
            if (!Long.valueOf(0).equals(integer(value))) {
                throw ApiException.invalid(field, event.apiName() + " rewards are one-time: 0 or absent");
            }
            return 0;
        }
        if (value == null) {
            return null;
        }
        Long months = integer(value);
        if (months == null || months < 0 || months > MAX_DURATION_MONTHS) {
            throw ApiException.invalid(field, "must be 0 (one-time), 1 to " + MAX_DURATION_MONTHS
                    + " months, or null (lifetime)");
        }
        return months.intValue();
    }

    private static String text(String field, Object value, int maxLength) {
        return TextField.optionalNonBlank(field, value, maxLength);
    }

    private static List<?> array(String field, Object value, int max) {
        if (!(value instanceof List<?> list)) {
            throw ApiException.invalid(field, "must be an array");
        }
        if (list.size() > max) {
            throw ApiException.invalid(field, "must have at most " + max + " items");
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String field, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.invalid(field, "must be an object");
        }
        return (Map<String, Object>) map;
    }

    private static List<Modifier> modifiers(Object value, RewardEvent event, RewardType baseType) {
        if (value == null) {
            return List.of();
        }
        List<?> items = array("modifiers", value, MAX_MODIFIERS);
        List<Modifier> modifiers = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            modifiers.add(modifier("modifiers[" + i + "]", object("modifiers[" + i + "]", items.get(i)), event, baseType));
        }
        return modifiers;
    }

    private static Modifier modifier(String path, Map<String, Object> m, RewardEvent event, RewardType baseType) {
        Modifier.Operator operator = switch (str(m.getOrDefault("operator", "AND"))) {
            case "AND" -> Modifier.Operator.AND;
            case "OR" -> Modifier.Operator.OR;
            case null, default -> throw ApiException.invalid(path + ".operator", "must be AND or OR");
        };
        if (m.get("conditions") == null) {
            throw ApiException.invalid(path + ".conditions", "is required: at least one condition");
        }
        List<?> items = array(path + ".conditions", m.get("conditions"), MAX_CONDITIONS);
        if (items.isEmpty()) {
            throw ApiException.invalid(path + ".conditions", "must have at least one condition");
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = path + ".conditions[" + i + "]";
            conditions.add(condition(at, object(at, items.get(i)), event));
        }
        RewardType type = type(path + ".type", m.get("type"), event);
        RewardType effective = type == null ? baseType : type;
        Long cents = null;
        Integer basisPoints = null;
        if (effective == RewardType.FLAT) {
            forbid(m, "amountInPercentage", path + ".amountInPercentage", "is only for percentage modifiers");
            cents = required(cents(path + ".amountInCents", m.get("amountInCents")), path + ".amountInCents");
        } else {
            forbid(m, "amountInCents", path + ".amountInCents", "is only for flat modifiers");
            basisPoints = required(basisPoints(path + ".amountInPercentage", m.get("amountInPercentage")),
                    path + ".amountInPercentage");
        }
        boolean overridesDuration = m.containsKey("maxDuration");
        Integer maxDuration = overridesDuration ? maxDuration(path + ".maxDuration", m.get("maxDuration"), event) : null;
        return new Modifier(operator, conditions, type, cents, basisPoints, overridesDuration, maxDuration);
    }

    private static Condition condition(String path, Map<String, Object> c, RewardEvent event) {
        ConditionEntity entity = entity(path + ".entity", c.get("entity"), event);
        if (!(c.get("attribute") instanceof String attribute)) {
            throw ApiException.invalid(path + ".attribute", "is required");
        }
        Attribute attr = attribute(entity, attribute);
        if (attr == null) {
            throw ApiException.invalid(path + ".attribute", "must be one of " + attributeNames(entity));
        }
        ConditionOperator operator = null;
        if (c.get("operator") instanceof String s) {
            for (ConditionOperator o : ConditionOperator.values()) {
                if (o.apiName().equals(s)) {
                    operator = o;
                }
            }
        }
        if (operator == null || !attr.kind().operators.contains(operator)) {
            throw ApiException.invalid(path + ".operator", "must be one of "
                    + attr.kind().operators.stream().map(ConditionOperator::apiName).toList() + " for "
                    + entity.apiName() + "." + attribute);
        }
        Object value = c.get("value");
        List<String> values = new ArrayList<>();
        boolean many = operator == ConditionOperator.IN || operator == ConditionOperator.NOT_IN;
        if (many) {
            List<?> items = value == null ? null : value instanceof List<?> l ? l : null;
            if (items == null || items.isEmpty() || items.size() > MAX_VALUES) {
                throw ApiException.invalid(path + ".value", operator.apiName() + " takes an array of 1 to "
                        + MAX_VALUES + " values");
            }
            for (int i = 0; i < items.size(); i++) {
                values.add(scalar(path + ".value[" + i + "]", items.get(i), attr, operator));
            }
        } else {
            if (value == null || value instanceof List<?> || value instanceof Map<?, ?>) {
                throw ApiException.invalid(path + ".value", operator.apiName() + " takes one string or number");
            }
            values.add(scalar(path + ".value", value, attr, operator));
        }
        return new Condition(entity, attribute, operator, values);
    }

    /**
     * Which entities a condition may read for a reward: a click knows only its partner; a lead
     * knows its customer and lead; a sale also knows the sale (and the lead that preceded it).
     */
    private static ConditionEntity entity(String field, Object value, RewardEvent event) {
        Set<ConditionEntity> allowed = switch (event) {
            case CLICK -> EnumSet.of(ConditionEntity.PARTNER);
            case LEAD -> EnumSet.of(ConditionEntity.CUSTOMER, ConditionEntity.LEAD, ConditionEntity.PARTNER);
            case SALE -> EnumSet.allOf(ConditionEntity.class);
        };
        for (ConditionEntity e : allowed) {
            if (e.apiName().equals(value)) {
                return e;
            }
        }
        throw ApiException.invalid(field, "must be one of " + allowed.stream().map(ConditionEntity::apiName).toList()
                + " for a " + event.apiName() + " reward");
    }

    private static Attribute attribute(ConditionEntity entity, String attribute) {
        if ((entity == ConditionEntity.SALE || entity == ConditionEntity.LEAD)
                && METADATA_KEY.matcher(attribute).matches()) {
            return Attribute.of(Kind.METADATA);
        }
        return ATTRIBUTES.get(entity).get(attribute);
    }

    private static List<String> attributeNames(ConditionEntity entity) {
        List<String> names = new ArrayList<>(ATTRIBUTES.get(entity).keySet().stream().sorted().toList());
        if (entity == ConditionEntity.SALE || entity == ConditionEntity.LEAD) {
            names.add("metadata.<key>");
        }
        return names;
    }

    /** True when the attribute's values are integers (rendered back as JSON numbers). */
    static boolean isInteger(ConditionEntity entity, String attribute) {
        Attribute attr = attribute(entity, attribute);
        return attr != null && attr.kind() == Kind.INTEGER;
    }

    private static String scalar(String field, Object value, Attribute attr, ConditionOperator operator) {
        return switch (attr.kind()) {
            case COUNTRY -> {
                if (!(value instanceof String s) || !COUNTRIES.contains(s.toUpperCase(Locale.ROOT))) {
                    throw ApiException.invalid(field, "must be an ISO 3166-1 alpha-2 country code such as US");
                }
                yield s.toUpperCase(Locale.ROOT);
            }
            case TEXT -> nonEmptyText(field, value instanceof Number n ? n.toString() : value);
            case CHOICE -> {
                if (!(value instanceof String s) || !attr.choices().contains(s)) {
                    throw ApiException.invalid(field, "must be one of " + attr.choices());
                }
                yield s;
            }
            case INTEGER -> {
                Long n = integer(value);
                if (n == null || n < 0) {
                    throw ApiException.invalid(field, "must be an integer of 0 or more");
                }
                yield n.toString();
            }
            case DATE -> {
                if (!(value instanceof String s)) {
                    throw ApiException.invalid(field, "must be an ISO-8601 date or date-time");
                }
                yield Timestamps.iso(Timestamps.parse(field, s));
            }
            case METADATA -> metadataValue(field, value, operator);
        };
    }

    private static String metadataValue(String field, Object value, ConditionOperator operator) {
        boolean compares = operator == ConditionOperator.GREATER_THAN
                || operator == ConditionOperator.GREATER_THAN_OR_EQUAL || operator == ConditionOperator.LESS_THAN
                || operator == ConditionOperator.LESS_THAN_OR_EQUAL;
        if (value instanceof Number || (compares && value instanceof String)) {
            try {
                return new BigDecimal(value.toString().strip()).toPlainString();
            } catch (NumberFormatException e) {
                throw ApiException.invalid(field, operator.apiName() + " compares numbers: the value must be a number");
            }
        }
        if (compares) {
            throw ApiException.invalid(field, operator.apiName() + " compares numbers: the value must be a number");
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        return nonEmptyText(field, value);
    }

    private static String nonEmptyText(String field, Object value) {
        if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_VALUE_LENGTH) {
            throw ApiException.invalid(field, "must be a non-empty string of at most " + MAX_VALUE_LENGTH + " characters");
        }
        return s;
    }

    private static List<SpendLimit> spendLimits(Object value, RewardEvent event) {
        if (value == null) {
            return List.of();
        }
        List<?> items = array("spendLimits", value, SpendLimit.Scope.values().length * SpendLimit.Period.values().length);
        List<SpendLimit> limits = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "spendLimits[" + i + "]";
            Map<String, Object> l = object(path, items.get(i));
            SpendLimit.Scope scope = switch (str(l.get("scope"))) {
                case "partner" -> SpendLimit.Scope.PARTNER;
                case "customer" -> SpendLimit.Scope.CUSTOMER;
                case null, default -> throw ApiException.invalid(path + ".scope", "must be partner or customer");
            };
            if (scope == SpendLimit.Scope.CUSTOMER && event != RewardEvent.SALE) {
                throw ApiException.invalid(path + ".scope", "customer limits are only for sale rewards");
            }
            SpendLimit.Period period = switch (str(l.get("period"))) {
                case "day" -> SpendLimit.Period.DAY;
                case "week" -> SpendLimit.Period.WEEK;
                case "month" -> SpendLimit.Period.MONTH;
                case "all_time" -> SpendLimit.Period.ALL_TIME;
                case null, default -> throw ApiException.invalid(path + ".period", "must be day, week, month or all_time");
            };
            Long cents = cents(path + ".amountInCents", l.get("amountInCents"));
            if (cents == null || cents < 1) {
                throw ApiException.invalid(path + ".amountInCents", "must be an integer number of cents from 1 to "
                        + MAX_CENTS);
            }
            if (!seen.add(scope + "/" + period)) {
                throw ApiException.invalid(path, "repeats the " + scope.name().toLowerCase(Locale.ROOT) + " "
                        + period.name().toLowerCase(Locale.ROOT) + " limit");
            }
            limits.add(new SpendLimit(scope, period, cents));
        }
        return limits;
    }
}
