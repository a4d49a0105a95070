package dev.conftekton.testkit.confluence.internal;

import dev.conftekton.testkit.confluence.internal.Model.Content;
import dev.conftekton.testkit.confluence.internal.Model.Type;
import dev.conftekton.testkit.confluence.internal.Model.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CQL subset: fields {@code space type title text label ancestor parent id content creator lastmodified created},
 * operators {@code = != ~ !~ < <= > >= IN NOT IN}, {@code AND OR NOT}, parentheses, {@code ORDER BY}, and the functions
 * {@code currentUser() now("-1d") startOfDay() startOfWeek() startOfMonth() startOfYear()}. Anything else is refused
 * with a message naming it.
 */
final class Cql {
    static final Set<String> FIELDS = Set.of(
            "space",
            "space.key",
            "type",
            "title",
            "text",
            "label",
            "ancestor",
            "parent",
            "id",
            "content",
            "creator",
            "lastmodified",
            "created");

    interface Node {
        boolean test(Content c, Ctx ctx);
    }

    record Ctx(Store store, User user, Instant now) {}

    record Query(Node where, Comparator<Content> order) {}

    private final String source;
    private final List<String> tokens;
    private int pos;
    private final Instant now;

    private Cql(String source, Instant now) {
        this.source = source;
        this.tokens = tokenize(source);
        this.now = now;
    }

    static Query parse(String cql, Instant now) {
        if (cql == null || cql.isBlank()) {
            throw ApiError.badRequest("The cql parameter is required, e.g. cql=type=page AND space=DEV.");
        }
        if (cql.length() > 4000) {
            throw ApiError.badRequest("CQL query is too long (at most 4000 characters).");
        }
        Cql p = new Cql(cql, now);
        Node where = p.peekIs("ORDER") ? (c, ctx) -> true : p.or(0);
        Comparator<Content> order = p.orderBy();
        if (p.pos < p.tokens.size()) {
            throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
        }
        return new Query(where, order);
    }

    private ApiError error(String detail) {
        return ApiError.badRequest("Could not parse cql : " + source + " (" + detail + ")");
    }

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')|(!=|!~|<=|>=|=|~|<|>|\\(|\\)|,)|([^\\s=!~<>(),\"']+))");

    private List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        int i = 0;
        while (i < s.length()) {
            if (!m.find(i) || m.start() != i) {
                if (s.substring(i).isBlank()) {
                    break;
                }
                throw ApiError.badRequest("Could not parse cql : " + s + " (unexpected character at position " + i
                        + ": an unterminated quote or an unsupported symbol)");
            }
            if (m.group(1) != null) {
                out.add(m.group(1));
            } else if (m.group(2) != null) {
                out.add(m.group(2));
            } else {
                out.add(m.group(3));
            }
            i = m.end();
            if (s.substring(i).isBlank()) {
                break;
            }
        }
        return out;
    }

    private boolean peekIs(String keyword) {
        return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(keyword);
    }

    private String next(String expected) {
        if (pos >= tokens.size()) {
            throw error("expected " + expected + " but the query ended");
        }
        return tokens.get(pos++);
    }

    private Node or(int depth) {
        if (depth > 50) {
            throw error("nesting is too deep");
        }
        Node left = and(depth);
        while (peekIs("OR")) {
            pos++;
            Node l = left;
            Node r = and(depth);
            left = (c, ctx) -> l.test(c, ctx) || r.test(c, ctx);
        }
        return left;
    }

    private Node and(int depth) {
        Node left = not(depth);
        while (peekIs("AND")) {
            pos++;
            Node l = left;
            Node r = not(depth);
            left = (c, ctx) -> l.test(c, ctx) && r.test(c, ctx);
        }
        return left;
    }

    private Node not(int depth) {
        if (peekIs("NOT")) {
            pos++;
            Node inner = not(depth + 1);
            return (c, ctx) -> !inner.test(c, ctx);
        }
        if (pos < tokens.size() && tokens.get(pos).equals("(")) {
            pos++;
            Node inner = or(depth + 1);
            if (!")".equals(next("')'"))) {
                throw error("expected ')'");
            }
            return inner;
        }
        return clause();
    }

    private Node clause() {
        String field = next("a field").toLowerCase(Locale.ROOT);
        if (isQuoted(field)
                || Set.of("(", ")", ",", "=", "!=", "~", "!~", "<", ">", "<=", ">=")
                        .contains(field)) {
            throw error("expected a field name but found '" + field + "'");
        }
        if (!FIELDS.contains(field)) {
            throw error("the field '" + field + "' is not supported by the emulator; supported fields: "
                    + String.join(", ", new java.util.TreeSet<>(FIELDS)));
        }
        String op = next("an operator");
        boolean negated = false;
        if (op.equalsIgnoreCase("NOT")) {
            if (!peekIs("IN")) {
                throw error("expected IN after NOT in a clause on " + field);
            }
            pos++;
            negated = true;
            op = "IN";
        }
        op = op.toUpperCase(Locale.ROOT);
        if (op.equals("IN")) {
            List<String> values = list();
            Node any = (c, ctx) -> {
                for (String v : values) {
                    if (compare(field, "=", v, c, ctx)) {
                        return true;
                    }
                }
                return false;
            };
            checkOperator(field, "=");
            boolean neg = negated;
            return (c, ctx) -> neg != any.test(c, ctx);
        }
        if (!Set.of("=", "!=", "~", "!~", "<", "<=", ">", ">=").contains(op)) {
            throw error("the operator '" + op + "' is not supported; use = != ~ !~ < <= > >= IN or NOT IN");
        }
        checkOperator(field, op);
        String value = value();
        String o = op;
        if (field.equals("lastmodified") || field.equals("created")) {
            Instant[] range = dateRange(value);
            return (c, ctx) -> {
                Instant t = field.equals("created") ? c.createdAt : c.lastModified();
                return switch (o) {
                    case "=" -> !t.isBefore(range[0]) && t.isBefore(range[1]);
                    case "!=" -> t.isBefore(range[0]) || !t.isBefore(range[1]);
                    case "<" -> t.isBefore(range[0]);
                    case "<=" -> t.isBefore(range[1]);
                    case ">" -> !t.isBefore(range[1]);
                    default -> !t.isBefore(range[0]);
                };
            };
        }
        if (o.equals("~") || o.equals("!~")) {
            Pattern[] terms = terms(value);
            boolean neg = o.equals("!~");
            return (c, ctx) -> {
                String hay = field.equals("title") ? c.title : c.title + " " + StorageRenderer.plainText(c.body);
                for (Pattern t : terms) {
                    if (!t.matcher(hay).find()) {
                        return neg;
                    }
                }
                return !neg;
            };
        }
        return (c, ctx) -> compare(field, o, value, c, ctx);
    }

    private void checkOperator(String field, String op) {
        Set<String> allowed =
                switch (field) {
                    case "title" -> Set.of("=", "!=", "~", "!~");
                    case "text" -> Set.of("~", "!~");
                    case "lastmodified", "created" -> Set.of("=", "!=", "<", "<=", ">", ">=");
                    default -> Set.of("=", "!=");
                };
        if (!allowed.contains(op)) {
            throw error("the operator '" + op + "' is not supported on the field '" + field + "'; use " + allowed);
        }
    }

    private List<String> list() {
        if (!"(".equals(next("'('"))) {
            throw error("expected '(' after IN");
        }
        List<String> out = new ArrayList<>();
        while (true) {
            out.add(value());
            String t = next("',' or ')'");
            if (t.equals(")")) {
                return out;
            }
            if (!t.equals(",")) {
                throw error("expected ',' or ')' in a list but found '" + t + "'");
            }
        }
    }

    private String value() {
        String v = next("a value");
        if (Set.of("(", ")", ",").contains(v)) {
            throw error("expected a value but found '" + v + "'");
        }
        if (isQuoted(v)) {
            return unquote(v);
        }
        if (pos < tokens.size() && tokens.get(pos).equals("(")) { // function call
            pos++;
            List<String> args = new ArrayList<>();
            if (!")".equals(tokens.size() > pos ? tokens.get(pos) : null)) {
                while (true) {
                    String a = next("an argument");
                    args.add(isQuoted(a) ? unquote(a) : a);
                    String t = next("',' or ')'");
                    if (t.equals(")")) {
                        break;
                    }
                    if (!t.equals(",")) {
                        throw error("expected ',' or ')' in the arguments of " + v);
                    }
                }
            } else {
                pos++;
            }
            return function(v, args);
        }
        return v;
    }

    private static final String CURRENT_USER = "\u0000currentUser";

    private String function(String name, List<String> args) {
        String n = name.toLowerCase(Locale.ROOT);
        Instant base;
        switch (n) {
            case "currentuser" -> {
                return CURRENT_USER;
            }
            case "now" -> base = now;
            case "startofday" -> base = now.truncatedTo(ChronoUnit.DAYS);
            case "startofweek" -> {
                LocalDate d = LocalDate.ofInstant(now, ZoneOffset.UTC);
                base = d.minusDays(d.getDayOfWeek().getValue() % 7)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
            }
            case "startofmonth" ->
                base = LocalDate.ofInstant(now, ZoneOffset.UTC)
                        .withDayOfMonth(1)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
            case "startofyear" ->
                base = LocalDate.ofInstant(now, ZoneOffset.UTC)
                        .withDayOfYear(1)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
            default ->
                throw error("the function '" + name + "()' is not supported; supported: currentUser(), now(), "
                        + "startOfDay(), startOfWeek(), startOfMonth(), startOfYear()");
        }
        if (args.size() > 1) {
            throw error(name + "() takes at most one offset argument such as \"-1d\"");
        }
        if (args.size() == 1) {
            base = offset(base, args.get(0));
        }
        return "\u0000instant:" + base.toEpochMilli();
    }

    private Instant offset(Instant base, String spec) {
        Matcher m = Pattern.compile("([+-]?)(\\d{1,6})([ywdhm])").matcher(spec.trim());
        if (!m.matches()) {
            throw error("the offset '" + spec + "' is not supported; use e.g. \"-1d\", \"+2w\", \"-3h\", \"-30m\"");
        }
        long n = Long.parseLong(m.group(2)) * (m.group(1).equals("-") ? -1 : 1);
        Duration d =
                switch (m.group(3)) {
                    case "y" -> Duration.ofDays(365 * n);
                    case "w" -> Duration.ofDays(7 * n);
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofMinutes(n);
                };
        return base.plus(d);
    }

    private static final DateTimeFormatter[] DATE_TIMES = {
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"), DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm")
    };
    private static final DateTimeFormatter[] DATES = {
        DateTimeFormatter.ofPattern("yyyy-MM-dd"), DateTimeFormatter.ofPattern("yyyy/MM/dd")
    };

    /** A half-open range: a day for a date, a minute for a date and time, an instant for a function. */
    private Instant[] dateRange(String v) {
        if (v.startsWith("\u0000instant:")) {
            Instant i = Instant.ofEpochMilli(Long.parseLong(v.substring(9)));
            return new Instant[] {i, i.plusMillis(1)};
        }
        for (DateTimeFormatter f : DATE_TIMES) {
            try {
                Instant i = LocalDateTime.parse(v, f).toInstant(ZoneOffset.UTC);
                return new Instant[] {i, i.plus(1, ChronoUnit.MINUTES)};
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        for (DateTimeFormatter f : DATES) {
            try {
                Instant i = LocalDate.parse(v, f).atStartOfDay().toInstant(ZoneOffset.UTC);
                return new Instant[] {i, i.plus(1, ChronoUnit.DAYS)};
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        throw error("the date '" + v + "' is not supported; use \"yyyy-MM-dd\", \"yyyy/MM/dd\", \"yyyy-MM-dd HH:mm\" "
                + "or a function such as now(\"-1d\")");
    }

    private static Pattern[] terms(String value) {
        List<Pattern> out = new ArrayList<>();
        for (String term : value.trim().split("\\s+")) {
            if (term.isEmpty()) {
                continue;
            }
            StringBuilder re = new StringBuilder();
            for (String part : term.split("\\*", -1)) {
                if (re.length() > 0) {
                    re.append("\\S*");
                }
                re.append(Pattern.quote(part));
            }
            out.add(Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        return out.toArray(Pattern[]::new);
    }

    private static boolean compare(String field, String op, String value, Content c, Ctx ctx) {
        boolean eq =
                switch (field) {
                    case "space", "space.key" -> c.space.key.equalsIgnoreCase(value);
                    case "type" -> c.type.wire.equalsIgnoreCase(value);
                    case "title" -> c.title.equalsIgnoreCase(value);
                    case "label" -> c.labels.containsKey(value.toLowerCase(Locale.ROOT));
                    case "id", "content" -> c.id.equals(value);
                    case "parent" -> c.type == Type.PAGE && value.equals(c.parentId);
                    case "ancestor" -> {
                        for (Content a : ctx.store().ancestors(c)) {
                            if (a.id.equals(value)) {
                                yield true;
                            }
                        }
                        yield false;
                    }
                    case "creator" -> {
                        String who = value.equals(CURRENT_USER) ? ctx.user().accountId : value;
                        User u = ctx.store().user(c.creatorId);
                        yield c.creatorId.equals(who) || (u != null && u.email.equalsIgnoreCase(who));
                    }
                    default -> false;
                };
        return op.equals("!=") != eq;
    }

    private Comparator<Content> orderBy() {
        Comparator<Content> byId = Comparator.comparingLong(c -> c.seq);
        if (!peekIs("ORDER")) {
            return Comparator.comparing(Content::lastModified).reversed().thenComparing(byId.reversed());
        }
        pos++;
        if (!peekIs("BY")) {
            throw error("expected BY after ORDER");
        }
        pos++;
        Comparator<Content> order = null;
        while (true) {
            String f = next("a field to order by").toLowerCase(Locale.ROOT);
            Comparator<Content> c =
                    switch (f) {
                        case "lastmodified" -> Comparator.comparing(Content::lastModified);
                        case "created" -> Comparator.comparing((Content x) -> x.createdAt);
                        case "title" -> Comparator.comparing((Content x) -> x.title.toLowerCase(Locale.ROOT));
                        case "id" -> byId;
                        default ->
                            throw error(
                                    "ordering by '" + f + "' is not supported; use lastmodified, created, title or id");
                    };
            if (peekIs("DESC")) {
                pos++;
                c = c.reversed();
            } else if (peekIs("ASC")) {
                pos++;
            }
            order = order == null ? c : order.thenComparing(c);
            if (pos < tokens.size() && tokens.get(pos).equals(",")) {
                pos++;
                continue;
            }
            return order.thenComparing(byId);
        }
    }

    private static boolean isQuoted(String t) {
        return t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'');
    }

    private static String unquote(String t) {
        String inner = t.substring(1, t.length() - 1);
        StringBuilder out = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                out.append(inner.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
