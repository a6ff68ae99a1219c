using TapRest.Http;

namespace TapRest.Tests;

public sealed class UrlMaskerTests
{
    [Theory]
    [InlineData("api_key")]
    [InlineData("apiKey")]
    [InlineData("APIKEY")]
    [InlineData("x-api-key")]
    [InlineData("access_token")]
    [InlineData("accessToken")]
    [InlineData("client_secret")]
    [InlineData("password")]
    [InlineData("X-Amz-Signature")]
    [InlineData("X-Amz-Credential")]
    [InlineData("X-Amz-Security-Token")]
    [InlineData("sig")]
    [InlineData("auth")]
    [InlineData("session_id")]
    [InlineData("sessionid")]
    [InlineData("refresh_token")]
    public void SecretLookingName_IsMasked(string name) => UrlMasker.IsSecretName(name).Should().BeTrue();

    [Theory]
    [InlineData("page")]
    [InlineData("limit")]
    [InlineData("offset")]
    [InlineData("since")]
    [InlineData("per_page")]
    [InlineData("keyword")]
    [InlineData("author")]
    [InlineData("monkey")]
    [InlineData("sort")]
    [InlineData("q")]
    [InlineData("page_token")]
    [InlineData("nextToken")]
    [InlineData("cursor")]
    public void HarmlessName_StaysVisible(string name) => UrlMasker.IsSecretName(name).Should().BeFalse();

    [Fact]
    public void Mask_KeepsHarmlessParameters_MasksSecretNamesAndConfiguredSecretValues()
    {
        Singer.Sdk.SecretRedactor.Register("masker-test-secret 9/9");

        UrlMasker.Mask(new Uri("http://h/x?page=2&limit=10&since=2024-01-01&keyword=shoes&api_key=k1&q=masker-test-secret%209%2F9&author=bob&X-Amz-Signature=abc"))
            .Should().Be("http://h/x?page=2&limit=10&since=2024-01-01&keyword=shoes&api_key=********&q=********&author=bob&X-Amz-Signature=********");
    }
}
