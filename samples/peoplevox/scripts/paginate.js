/**
 * Pagination script for Peoplevox GetReportData.
 *
 * GetReportData pages with <PageNo> and <ItemsPerPage> inside the SOAP body, and its result gives TotalCount,
 * the number of rows in the whole report, with no "last page" flag. The rows themselves are CSV text inside
 * <Detail>, so a short page cannot be told by counting XML elements either. This script works out whether
 * another page exists from TotalCount and rewrites <PageNo> in the previous request body.
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
    const number = (pattern, text, fallback) => {
        const match = pattern.exec(text);
        return match ? Number(match[1]) : fallback;
    };

    // ResponseId -1 means an error (an expired session, a bad template name); Detail then holds the message.
    if (number(/<ResponseId>\s*(-?\d+)\s*<\/ResponseId>/, xml, -1) !== 0) {
        return stop;
    }
    const total = number(/<TotalCount>\s*(\d+)\s*<\/TotalCount>/, xml, 0);
    const page = number(/<PageNo>\s*(\d+)\s*<\/PageNo>/, body, 1);
    const perPage = number(/<ItemsPerPage>\s*(\d+)\s*<\/ItemsPerPage>/, body, 0);
    if (perPage === 0 || page * perPage >= total) {
        return stop;
    }

    const next = {
        has_next_page: true,
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: body.replace(/<PageNo>\s*\d+\s*<\/PageNo>/, `<PageNo>${page + 1}</PageNo>`),
    };
    return { ...data, payload: JSON.stringify(next) };
};
