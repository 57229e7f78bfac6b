using Patchworks.TestApi.Apis;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// The value of every secret reference in the samples' instance files ("env:NAME" and "secret:name"), so that the
/// runner can run each sample instance unchanged against these APIs: set <see cref="EnvironmentVariables"/> in the
/// runner's environment, or resolve a reference with <see cref="ByReference"/>.
/// </summary>
public static class SampleSecrets
{
    public static IReadOnlyDictionary<string, string> ByReference { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["env:SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken,
        ["secret:shopify-uk-access-token"] = ShopifyApi.AccessToken,
        ["secret:shopware-de-live-secret-access-key"] = ShopwareApi.SecretAccessKey,
        ["env:SHOPWARE_DE_STAGING_PASSWORD"] = ShopwareApi.AdminPassword,
        ["secret:hubspot-app-client-secret"] = HubSpotApi.ClientSecret,
        ["env:HUBSPOT_TEST_PRIVATE_APP_TOKEN"] = HubSpotApi.PrivateAppToken,
        ["env:NETSUITE_SB1_CONSUMER_KEY"] = NetSuiteApi.ConsumerKey,
        ["env:NETSUITE_SB1_CONSUMER_SECRET"] = NetSuiteApi.ConsumerSecret,
        ["env:NETSUITE_SB1_TOKEN_ID"] = NetSuiteApi.TokenId,
        ["env:NETSUITE_SB1_TOKEN_SECRET"] = NetSuiteApi.TokenSecret,
        ["secret:netsuite-prod-consumer-key"] = NetSuiteApi.ConsumerKey,
        ["secret:netsuite-prod-consumer-secret"] = NetSuiteApi.ConsumerSecret,
        ["secret:netsuite-prod-token-id"] = NetSuiteApi.TokenId,
        ["secret:netsuite-prod-token-secret"] = NetSuiteApi.TokenSecret,
        ["env:PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64,
        ["secret:peoplevox-live-password-base64"] = PeoplevoxApi.PasswordBase64,
        ["env:MIRAKL_PREPROD_API_KEY"] = MiraklApi.ApiKey,
        ["secret:mirakl-prod-api-key"] = MiraklApi.ApiKey,
        ["env:WOOCOMMERCE_STAGING_CONSUMER_SECRET"] = WooCommerceApi.StagingConsumerSecret,
        ["secret:woocommerce-live-consumer-secret"] = WooCommerceApi.LiveConsumerSecret,
        ["env:BIGCOMMERCE_TEST_ACCESS_TOKEN"] = BigCommerceApi.TestAccessToken,
        ["secret:bigcommerce-live-access-token"] = BigCommerceApi.LiveAccessToken,
        ["env:BUSINESS_CENTRAL_SANDBOX_CLIENT_SECRET"] = BusinessCentralApi.ClientSecret,
        ["secret:business-central-production-client-secret"] = BusinessCentralApi.ClientSecret,
        ["env:MAGENTO2_STAGING_ACCESS_TOKEN"] = Magento2Api.TestAccessToken,
        ["secret:magento2-live-access-token"] = Magento2Api.LiveAccessToken,
        ["env:SITOO_SANDBOX_API_PASSWORD"] = SitooApi.TestPassword,
        ["secret:sitoo-live-api-password"] = SitooApi.LivePassword,
        ["env:BRIGHTPEARL_SANDBOX_ACCOUNT_TOKEN"] = BrightpearlApi.TestAccountToken,
        ["secret:brightpearl-live-account-token"] = BrightpearlApi.LiveAccountToken,
        ["env:KHAOS_DEMO_WEB_SERVICE_PASSWORD"] = KhaosControlApi.Password,
        ["secret:khaos-live-web-service-password"] = KhaosControlApi.Password,
        ["env:MAGENTO2_STAGING_CONSUMER_KEY"] = Magento2Api.TestConsumerKey,
        ["env:MAGENTO2_STAGING_CONSUMER_SECRET"] = Magento2Api.TestConsumerSecret,
        ["env:MAGENTO2_STAGING_ACCESS_TOKEN_SECRET"] = Magento2Api.TestAccessTokenSecret,
        ["secret:magento2-live-consumer-key"] = Magento2Api.LiveConsumerKey,
        ["secret:magento2-live-consumer-secret"] = Magento2Api.LiveConsumerSecret,
        ["secret:magento2-live-access-token-secret"] = Magento2Api.LiveAccessTokenSecret,
        ["env:BIGCOMMERCE_TEST_STOREFRONT_TOKEN"] = BigCommerceApi.TestStorefrontToken,
        ["secret:bigcommerce-live-storefront-token"] = BigCommerceApi.LiveStorefrontToken,
        ["env:FRESHDESK_TEST_API_KEY"] = FreshdeskApi.TestApiKey,
        ["secret:freshdesk-live-api-key"] = FreshdeskApi.LiveApiKey,
        ["env:LIGHTSPEED_X_SERIES_SANDBOX_PERSONAL_TOKEN"] = LightspeedXSeriesApi.TestPersonalToken,
        ["secret:lightspeed-x-series-app-client-secret"] = LightspeedXSeriesApi.ClientSecret,
        ["env:AKENEO_SANDBOX_CLIENT_SECRET"] = AkeneoApi.TestSecret,
        ["env:AKENEO_SANDBOX_PASSWORD"] = AkeneoApi.TestPassword,
        ["secret:akeneo-live-client-secret"] = AkeneoApi.LiveSecret,
        ["secret:akeneo-live-password"] = AkeneoApi.LivePassword,
        ["env:COMMERCETOOLS_STAGING_CLIENT_SECRET"] = CommercetoolsApi.TestClientSecret,
        ["secret:commercetools-live-client-secret"] = CommercetoolsApi.LiveClientSecret,
        ["env:MAGENTO2_STAGING_ADMIN_PASSWORD"] = Magento2Api.TestAdminPassword,
        ["secret:magento2-live-admin-password"] = Magento2Api.LiveAdminPassword,
    };

    /// <summary>The env: references as environment variables (name → value).</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentVariables { get; } = ByReference
        .Where(p => p.Key.StartsWith("env:", StringComparison.Ordinal))
        .ToDictionary(p => p.Key["env:".Length..], p => p.Value, StringComparer.Ordinal);
}
