/**
 * Pagination script for Brightpearl's resource searches (product-service/product-search, order-service/order-search).
 *
 * A search answers {response: {metaData: {resultsAvailable, resultsReturned, firstResult, lastResult,
 * morePagesAvailable, columns, sorting}, results: [[...], ...]}}. Brightpearl says itself whether another page
 * exists (morePagesAvailable) and where this one ended (lastResult, 1-based): the next page is the same request
 * with firstResult = lastResult + 1. Reading the flag, rather than counting records against a total, follows the
 * API's own word when a page comes back shorter than pageSize.
 *
 * Input: data.payload, JSON text of { request: { url, method, headers, body }, response: { headers, status_code }, payload }.
 * Output: data with payload set to JSON text of { has_next_page, url }.
 */
module.exports = async function handle(data) {
    const { request, response, payload } = JSON.parse(data.payload);
    const stop = { ...data, payload: JSON.stringify({ has_next_page: false }) };
    if (!response || response.status_code !== 200) {
        return stop;
    }
    const meta = (JSON.parse(payload).response || {}).metaData;
    if (!meta || meta.morePagesAvailable !== true || typeof meta.lastResult !== 'number') {
        return stop;
    }
    const next = meta.lastResult + 1;
    const url = /[?&]firstResult=\d*/.test(request.url)
        ? request.url.replace(/([?&]firstResult=)\d*/, `$1${next}`)
        : `${request.url}${request.url.includes('?') ? '&' : '?'}firstResult=${next}`;
    return { ...data, payload: JSON.stringify({ has_next_page: true, url }) };
};
