package org.trdcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.trdcds.cards.Card;

/** The CDS Hooks response body: {@code cards} is required, so an empty list is written as {@code []}. */
record CardsResponse(@JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards) {}
