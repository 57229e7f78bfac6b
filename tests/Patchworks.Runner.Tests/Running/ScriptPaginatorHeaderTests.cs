using Patchworks.Core.Running.Pagination;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// A pagination script copies the request it was given into the next one, headers included. A header it passes on
/// unchanged takes the value the request resolves to now, so a token renewed during the run reaches the next page
/// (Magento 2's SOAP lists: the admin token runs out after 4 hours and the runner logs in again ahead of it); a
/// header the script set or changed stays as it wrote it.
/// </summary>
public sealed class ScriptPaginatorHeaderTests
{
    private static KeyValuePair<string, string> H(string name, string value) => new(name, value);

    [Fact]
    public void A_header_passed_on_unchanged_takes_the_fresh_value_and_one_the_script_changed_keeps_its_own()
    {
        var given = new[] { H("Authorization", "Bearer old"), H("Content-Type", "application/soap+xml"), H("X-Page", "1") };
        var returned = new[] { H("authorization", "Bearer old"), H("Content-Type", "application/soap+xml"), H("X-Page", "2"), H("X-Added", "yes") };
        var fresh = new[] { H("Authorization", "Bearer new"), H("Content-Type", "application/soap+xml"), H("X-Page", "1") };

        var headers = ScriptPaginator.Refreshed(given, returned, fresh);

        Assert.Equal([H("authorization", "Bearer new"), H("Content-Type", "application/soap+xml"), H("X-Page", "2"), H("X-Added", "yes")], headers);
    }

    [Fact]
    public void A_header_the_fresh_request_does_not_have_is_kept_as_the_script_returned_it()
    {
        var given = new[] { H("Authorization", "Bearer old") };
        var returned = new[] { H("Authorization", "Bearer old") };

        Assert.Equal(returned, ScriptPaginator.Refreshed(given, returned, []));
    }
}
