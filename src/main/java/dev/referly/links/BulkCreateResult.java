package dev.referly.links;

import dev.referly.shared.ErrorCode;
import java.util.Map;

/** One row of POST /links/bulk: the created link, or why the given body was refused. */
public record BulkCreateResult(Link link, Map<String, Object> rejectedBody, ErrorCode errorCode, String error) {}
