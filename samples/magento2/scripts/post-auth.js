/**
 * Post-request script of the Magento 2 SOAP "admin-token" authentication method.
 *
 * Magento answers every SOAP call with HTTP 200, a refused one included: wrong credentials come back as a SOAP 1.2
 * fault ("The account sign-in was incorrect or your account is disabled temporarily..."), and so does an admin user
 * held back by two-factor authentication on 2.4 ("Please use the 2fa provider-specific endpoints to obtain a token.").
 * Without this check the login would fail with "no element at token.responsePath" and hide Magento's reason.
 *
 * Input: data.payload, the login response body (the SOAP envelope as text).
 * Output: data unchanged when the answer holds a token; an error naming Magento's reason otherwise.
 */
module.exports = async function handle(data) {
    const body = String(data.payload ?? '');
    if (/<([\w.-]+:)?Fault[\s>]/.test(body)) {
        const reason = /<([\w.-]+:)?Text[^>]*>([\s\S]*?)<\/([\w.-]+:)?Text>/.exec(body);
        throw new Error(`Magento refused the admin login: ${reason ? reason[2].trim() : 'a SOAP fault without a reason'}`);
    }
    if (!/<result>[^<]+<\/result>/.test(body)) {
        throw new Error('Magento: the login answer holds no result (the admin token)');
    }
    return data;
};
