/**
 * Pagination script for Business Central (OData v4 server-driven paging).
 *
 * A page that is not the last carries "@odata.nextLink": the absolute URL of the next page, with the request's
 * query options and an opaque $skiptoken. The format's nextPageUrl method cannot name that field: its paths
 * split at dots and refuse "@", so "@odata.nextLink" is read here instead. The next request is the link as it is,
 * with the previous request's method and headers (the bearer token, Prefer: odata.maxpagesize).
 *
 * Input: data.payload, JSON text of { request: { url, method, headers, body }, response: { headers, status_code }, payload }.
 * Output: data with payload set to JSON text of { has_next_page, url }.
 */
module.exports = async function handle(data) {
    const { response, payload } = JSON.parse(data.payload);
    let next = null;
    if (response && response.status_code === 200 && payload) {
        const page = typeof payload === 'string' ? JSON.parse(payload) : payload;
        next = page && typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : null;
    }
    const answer = next ? { has_next_page: true, url: next } : { has_next_page: false };
    return { ...data, payload: JSON.stringify(answer) };
};
