using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>The one writer of an import's referenced files (schemas/), used by the CLI and the language server.</summary>
public sealed class ImportedFileWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Writes_new_files_and_leaves_those_already_there_whether_equal_or_edited()
    {
        _folder.Write("schemas/same.json", "{}\n");
        _folder.Write("schemas/edited.json", "{ \"title\": \"mine\" }\n");

        var outcomes = ImportedFileWriter.Write(_folder.Path, [("schemas/new.json", "{ \"type\": \"object\" }\n"), ("schemas/same.json", "{}\n"), ("schemas/edited.json", "{}\n")]);

        Assert.Equal([ImportedFileStatus.Written, ImportedFileStatus.Unchanged, ImportedFileStatus.Differs], outcomes.Select(o => o.Status));
        Assert.Equal("{ \"type\": \"object\" }\n", _folder.Read("schemas/new.json"));
        Assert.Equal("{ \"title\": \"mine\" }\n", _folder.Read("schemas/edited.json"));
        Assert.Equal(_folder.File("schemas/new.json"), outcomes[0].FullPath);
        Assert.False(File.ReadAllBytes(_folder.File("schemas/new.json")).AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }));
    }

    [Theory]
    [InlineData("../escaped.json")]
    [InlineData("schemas/../../escaped.json")]
    [InlineData("/tmp/escaped-absolute.json")]
    public void Paths_leading_outside_the_folder_are_refused(string relative)
    {
        var inner = Path.Combine(_folder.Path, "connector");
        Directory.CreateDirectory(inner);

        var outcome = Assert.Single(ImportedFileWriter.Write(inner, [(relative, "{}")]));

        Assert.Equal(ImportedFileStatus.Outside, outcome.Status);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "escaped.json")));
        Assert.False(File.Exists("/tmp/escaped-absolute.json"));
    }

    [Fact]
    public void A_linked_schemas_folder_or_a_linked_file_is_refused_and_nothing_is_written_through_it()
    {
        using var elsewhere = new TempFolder();
        var connector = Path.Combine(_folder.Path, "connector");
        Directory.CreateDirectory(connector);
        Directory.CreateSymbolicLink(Path.Combine(connector, "schemas"), elsewhere.Path);
        var other = Path.Combine(_folder.Path, "other");
        Directory.CreateDirectory(Path.Combine(other, "schemas"));
        File.CreateSymbolicLink(Path.Combine(other, "schemas", "order.json"), elsewhere.File("target.json"));

        var throughFolder = Assert.Single(ImportedFileWriter.Write(connector, [("schemas/order.json", "{}")]));
        var throughFile = Assert.Single(ImportedFileWriter.Write(other, [("schemas/order.json", "{}")]));

        Assert.Equal(ImportedFileStatus.Link, throughFolder.Status);
        Assert.Equal("schemas is a link; the import writes only regular files inside the connector's folder", throughFolder.Reason);
        Assert.Equal(ImportedFileStatus.Link, throughFile.Status);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere.Path));
    }

    [Fact]
    public void Near_miss_a_linked_folder_above_the_connector_folder_is_not_on_the_way()
    {
        using var elsewhere = new TempFolder();
        var linkedRoot = Path.Combine(_folder.Path, "linked");
        Directory.CreateSymbolicLink(linkedRoot, elsewhere.Path);

        var outcome = Assert.Single(ImportedFileWriter.Write(linkedRoot, [("schemas/order.json", "{}")]));

        Assert.Equal(ImportedFileStatus.Written, outcome.Status);
        Assert.True(File.Exists(elsewhere.File("schemas/order.json")));
    }
}
