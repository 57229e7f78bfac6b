/**
 * Pagination script of the Magento 2 SOAP lists (catalogProductRepositoryV1GetList, salesOrderRepositoryV1GetList).
 *
 * searchCriteria's currentPage and pageSize are inside the SOAP body, and the answer gives totalCount, the number of
 * records the search matches. Past the last page Magento answers the LAST page again, never an empty one, so neither
 * an empty nor (for an exact multiple of the page size) a short page ends the paging: only the total does. The
 * runner's pageNumber pagination reads its totalPath from JSON answers only, hence this script: another page while
 * currentPage * pageSize < totalCount, with currentPage rewritten in the previous request's body.
 *
 * Input: data.payload, JSON text of { request: { url, method, headers, body }, response: { headers, status_code }, payload }.
 * Output: data with payload set to JSON text of { has_next_page, url, method, headers, body }.
 */
module.exports = async function handle(data) {
    const { request, response, payload } = JSON.parse(data.payload);
    const stop = { ...data, payload: JSON.stringify({ has_next_page: false }) };

    if (!response || response.status_code !== 200) {
        return stop;
    }
    const xml = String(payload ?? '');
    const body = String(request.body ?? '');
    // A fault (an expired admin token, say) is HTTP 200 too: the runner fails the page on it; never page on.
    if (/<([\w.-]+:)?Fault[\s>]/.test(xml)) {
        return stop;
    }
    const number = (pattern, text) => {
        const match = pattern.exec(text);
        return match ? Number(match[1]) : null;
    };
    const total = number(/<totalCount>\s*(\d+)\s*<\/totalCount>/, xml);
    const page = number(/<currentPage>\s*(\d+)\s*<\/currentPage>/, body);
    const size = number(/<pageSize>\s*(\d+)\s*<\/pageSize>/, body);
    if (total === null || page === null || !size || page * size >= total) {
        return stop;
    }

    const next = {
        has_next_page: true,
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: body.replace(/<currentPage>\s*\d+\s*<\/currentPage>/, `<currentPage>${page + 1}</currentPage>`),
    };
    return { ...data, payload: JSON.stringify(next) };
};
