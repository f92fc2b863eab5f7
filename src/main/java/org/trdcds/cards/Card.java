package org.trdcds.cards;

import java.util.List;

/**
 * A CDS Hooks 2.0 card. Members that are null or empty are left out of the JSON (contract: no null or
 * empty optional members).
 */
public record Card(String uuid, String summary, String detail, String indicator, Source source,
                   List<Suggestion> suggestions, String selectionBehavior, List<Coding> overrideReasons,
                   List<Link> links) {

    public record Source(String label, String url, Coding topic) {}

    public record Coding(String system, String code, String display) {}

    public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}

    public record Action(String type, String description, Object resource, String resourceId) {}

    public record Link(String label, String url, String type, String appContext) {}
}
