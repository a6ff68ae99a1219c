using Singer.Sdk;

namespace TapRest;

/// <summary>
/// tap-rest's config keys: tap-rest-api-msdk's names and defaults, so an existing config file works unchanged,
/// plus a few of ours (marked "tap-rest only") for what theirs leaves to the Meltano SDK or does not do.
/// </summary>
internal static class RestSettings
{
    public const int DefaultInferenceRecords = 50;
    public const string DefaultRecordsPath = "$[*]";
    public const string DefaultNextPageTokenPath = "$.next_page";
    public const int DefaultRequestTimeoutSeconds = 300;
    public const int DefaultMaxRetries = 5;

    /// <summary>Keys a stream object may carry; those also allowed at top level are in <see cref="StreamKeysAlsoTopLevel"/>.</summary>
    public static readonly IReadOnlySet<string> StreamKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "schema", "path", "params", "headers", "records_path", "primary_keys", "replication_key", "except_keys",
        "num_inference_records", "start_date", "source_search_field", "source_search_query", "http_method", "body", "parent_stream", "is_sorted",
    };

    public static AboutInfo About { get; } = new(
        "tap-rest",
        "Singer tap for any JSON REST API: records at a JSONPath, flattened, schemas inferred across pages, pagination, auth, incremental bookmarks. Config-compatible with tap-rest-api-msdk.",
        ["catalog", "discover", "state", "about", "test", "properties"],
        [
            new("api_url", "string", "Base URL of the API; each stream's path is appended.", Required: true),
            new("streams", "array", "The streams: objects with name (required), path, params, headers, records_path, primary_keys, replication_key, except_keys, num_inference_records, start_date, source_search_field, source_search_query, schema."),
            new("path", "string", "Path appended to api_url (per stream wins)."),
            new("params", "object", "Query parameters (per stream merged over these key by key).", Default: new Dictionary<string, object?>()),
            new("headers", "object", "Request headers (per stream merged over these key by key)."),
            new("records_path", "string", "JSONPath to the records in a response body.", Default: DefaultRecordsPath),
            new("primary_keys", "array", "Key properties of the records."),
            new("replication_key", "string", "Property whose maximum is kept as the bookmark for incremental runs."),
            new("except_keys", "array", "Properties kept as JSON text instead of being flattened (path with _ separators).", Default: new List<object?>()),
            new("num_inference_records", "integer", "Records (across pages) the schema is inferred from.", Default: DefaultInferenceRecords),
            new("start_date", "string", "Starting replication value when the state has no bookmark (per stream honoured too)."),
            new("source_search_field", "string", "Query parameter that carries the incremental filter."),
            new("source_search_query", "string", "Value of source_search_field; $last_run_date is replaced by the bookmark (as %Y-%m-%dT%H:%M:%S when a date)."),
            new("auth_method", "string", "no_auth, api_key, basic, bearer_token, oauth or aws (SigV4).", Default: "no_auth"),
            new("api_keys", "object", "Headers sent with api_key auth: header name -> key.", Secret: true),
            new("username", "string", "User name for basic auth (and the OAuth password grant)."),
            new("password", "string", "Password for basic auth.", Secret: true),
            new("bearer_token", "string", "Token for bearer_token auth.", Secret: true),
            new("client_id", "string", "OAuth client id."),
            new("client_secret", "string", "OAuth client secret.", Secret: true),
            new("refresh_token", "string", "OAuth refresh token (grant_type refresh_token).", Secret: true),
            new("grant_type", "string", "OAuth grant type: client_credentials, password or refresh_token (required with oauth)."),
            new("scope", "string", "OAuth scope."),
            new("access_token_url", "string", "OAuth token endpoint (required with oauth)."),
            new("redirect_uri", "string", "OAuth redirect URI sent with the token request."),
            new("oauth_extras", "object", "Extra fields of the OAuth token request."),
            new("oauth_expiration_secs", "integer", "OAuth token lifetime in seconds when the token response has no expires_in."),
            new("aws_credentials", "object", "aws auth: aws_access_key_id, aws_secret_access_key, aws_session_token, aws_region, aws_service, aws_profile, create_signed_credentials (each else its AWS_* environment variable).", Secret: true),
            new("next_page_token_path", "string", "JSONPath to the next page token (jsonpath_paginator; default $.next_page), or to the has-more flag (page_number_paginator; default hasMore) or the pagination object (offset_paginator; default pagination)."),
            new("pagination_request_style", "string", "default, jsonpath_paginator, simple_header_paginator, header_link_paginator, restapi_header_link_paginator, offset_paginator, style1, page_number_paginator, simple_offset_paginator, hateoas_paginator, single_page_paginator.", Default: "default"),
            new("pagination_response_style", "string", "hateoas_body makes the jsonpath styles follow the token as the next URL; other values are accepted, the request style decides.", Default: "default"),
            new("use_request_body_not_params", "boolean", "Send the query parameters (params, search filter, pagination) as a JSON body instead, as theirs does.", Default: false),
            new("backoff_type", "string", "Accepted for compatibility; Retry-After is always honoured on 429 and 503."),
            new("backoff_param", "string", "Response header holding the wait before a retry.", Default: "Retry-After"),
            new("backoff_time_extension", "integer", "Seconds added to every wait the API asks for.", Default: 0),
            new("store_raw_json_message", "boolean", "Add the record as received in _sdc_raw_json.", Default: false),
            new("pagination_page_size", "integer", "Records per page for the offset styles (default: the limit param, else 25)."),
            new("pagination_results_limit", "integer", "restapi_header_link_paginator: stop after this many records' worth of pages."),
            new("pagination_next_page_param", "string", "Query parameter carrying the page token, page number or offset (default page or offset)."),
            new("pagination_limit_per_page_param", "string", "Query parameter carrying the page size (default limit)."),
            new("pagination_total_limit_param", "string", "offset_paginator: field of the pagination object holding the total.", Default: "total"),
            new("pagination_initial_offset", "integer", "First page number or offset, as theirs: 1 (a 0-based API needs 0).", Default: 1),
            new("offset_records_jsonpath", "string", "simple_offset_paginator: JSONPath to the page's records for the short-page test."),
            new("user_agent", "string", "User-Agent header."),
            new("http_method", "string", "tap-rest only: GET or POST (per stream too).", Default: "GET"),
            new("body", "object", "tap-rest only: JSON body sent with POST (per stream too)."),
            new("parallel_requests", "integer", "tap-rest only: pages fetched at once (1-64) for page_number_paginator, offset_paginator/style1 and simple_offset_paginator; records stay in page order.", Default: 1),
            new("max_requests_per_second", "number", "tap-rest only: at most this many requests start per second (retries included)."),
            new("is_sorted", "boolean", "tap-rest only: the API returns records in ascending replication_key order, so the bookmark moves after each page (per stream too).", Default: false),
            new("flattening_enabled", "boolean", "tap-rest only: false keeps nested objects and arrays as JSON values.", Default: true),
            new("request_timeout", "integer", "tap-rest only: seconds one request may take before it is retried.", Default: DefaultRequestTimeoutSeconds),
            new("max_retries", "integer", "tap-rest only: retries after a 429, 5xx, timeout or network error (exponential backoff with jitter).", Default: DefaultMaxRetries),
            .. Singer.Sdk.Maps.StreamMapper.Settings(withFlattening: false),
        ])
    {
        // --config ENV reads TAP_REST_<KEY>, and theirs, TAP_REST_API_MSDK_<KEY>, so their deployments carry over.
        EnvironmentAliases = ["tap-rest-api-msdk"],
    };
}
