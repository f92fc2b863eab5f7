package org.trdcds.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencds.cqf.cql.engine.runtime.Date;
import org.opencds.cqf.cql.engine.runtime.DateTime;
import org.opencds.cqf.cql.engine.runtime.Quantity;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/**
 * Converts CQL engine runtime values into plain Java: String, Integer, BigDecimal, Boolean, LocalDate,
 * List and Map (tuples). Anything else (FHIR resources, intervals) becomes its string form.
 */
final class CqlValues {
    private CqlValues() {}

    static Object toJava(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros();
        }
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof Date date) {
            return date.getDate();
        }
        if (value instanceof DateTime dateTime) {
            return dateTime.getDateTime().toLocalDate();
        }
        if (value instanceof Quantity quantity) {
            return quantity.getValue().stripTrailingZeros().toPlainString() + " " + quantity.getUnit();
        }
        if (value instanceof Tuple tuple) {
            Map<String, Object> map = new LinkedHashMap<>();
            tuple.getElements().forEach((k, v) -> map.put(k, toJava(v)));
            return map;
        }
        if (value instanceof Iterable<?> iterable) {
            List<Object> list = new ArrayList<>();
            for (Object element : iterable) {
                list.add(toJava(element));
            }
            return list;
        }
        return value.toString();
    }
}
