package org.trdcds.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card text from a PlanDefinition action with {@code {{Define Name}}} placeholders, each filled with the
 * value of that CQL define. Parsed once at start-up.
 */
public final class CardTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

    private final List<String> literals = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private CardTemplate() {}

    public static CardTemplate parse(String text) {
        CardTemplate template = new CardTemplate();
        String source = text == null ? "" : text;
        Matcher matcher = PLACEHOLDER.matcher(source);
        int last = 0;
        while (matcher.find()) {
            template.literals.add(source.substring(last, matcher.start()));
            template.names.add(matcher.group(1).strip());
            last = matcher.end();
        }
        template.literals.add(source.substring(last));
        return template;
    }

    public Set<String> placeholders() {
        return new LinkedHashSet<>(names);
    }

    /** Fills each placeholder with {@code format(define)}. */
    public String render(Function<String, String> format) {
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < names.size(); i++) {
            out.append(format.apply(names.get(i))).append(literals.get(i + 1));
        }
        return out.toString();
    }
}
