/**
 * Pagination script for Lightspeed X-Series API 2.0 lists that start from a saved version.
 *
 * A 2.0 collection pages with after=<version>: each page answers {data, version: {min, max}} and the next page is
 * after=<version.max>; past the end it answers {"data": []} with no version. The nextPageToken method does the
 * same, but it cannot start from a version the user gives: the endpoint's own after= (the saved version) would
 * win over the token on every page. This script rewrites after= in the previous URL instead.
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
    let page;
    try {
        page = JSON.parse(payload);
    } catch {
        return stop;
    }
    const max = page && page.version ? page.version.max : null;
    if (max === null || max === undefined || !Array.isArray(page.data) || page.data.length === 0) {
        return stop;
    }
    const url = /([?&])after=[^&]*/.test(request.url)
        ? request.url.replace(/([?&])after=[^&]*/, `$1after=${max}`)
        : `${request.url}${request.url.includes('?') ? '&' : '?'}after=${max}`;
    return { ...data, payload: JSON.stringify({ has_next_page: true, url }) };
};
