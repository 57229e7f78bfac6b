/**
 * Post-request script of the Peoplevox "session" authentication method.
 *
 * Peoplevox answers a failed Authenticate with HTTP 200: AuthenticateResult/ResponseId is -1 and Detail holds
 * the error message instead of "ClientId,SessionId". Without this check the message would pass for a session
 * (the token pattern takes whatever follows the first comma) and every later call would fail with an
 * "invalid session" answer that hides the real cause, such as a wrong password or a password not Base64-encoded.
 *
 * Input: data.payload, the authentication response body (the SOAP envelope as text).
 * Output: data unchanged when authentication succeeded; an error otherwise, which fails the authentication.
 */
module.exports = async function handle(data) {
    const body = String(data.payload ?? '');
    const responseId = /<ResponseId>\s*(-?\d+)\s*<\/ResponseId>/.exec(body);
    const detail = /<Detail>([\s\S]*?)<\/Detail>/.exec(body);

    if (!responseId) {
        throw new Error('Peoplevox: the response holds no AuthenticateResult');
    }
    if (responseId[1] !== '0') {
        throw new Error(`Peoplevox authentication failed (ResponseId ${responseId[1]}): ${detail ? detail[1] : 'no detail'}`);
    }
    if (!detail || !/^[^,]+,[^,]+$/.test(detail[1].trim())) {
        throw new Error('Peoplevox: AuthenticateResult/Detail is not "ClientId,SessionId"');
    }
    return data;
};
