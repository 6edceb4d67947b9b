using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Disque.Dashboard.Tests.Browser;

/// <summary>A test with a browser of its own, closed when it ends (passed or failed).</summary>
public abstract class BrowserTest : IDisposable
{
    private readonly Lazy<ChromeDriver> _browser;

    protected BrowserTest(bool javaScript = true) => _browser = new Lazy<ChromeDriver>(() => Chromium.Start(javaScript));

    protected ChromeDriver Browser => _browser.Value;

    protected void Open(string url) => Browser.Navigate().GoToUrl(url);

    protected IWebElement Find(string css) => Browser.FindElement(By.CssSelector(css));

    protected IReadOnlyList<IWebElement> FindAll(string css) => Browser.FindElements(By.CssSelector(css));

    protected string Text(string css) => Find(css).Text;

    /// <summary>Clicks the link or button whose text is <paramref name="text"/>.</summary>
    protected void Click(string text) =>
        Browser.FindElement(By.XPath($"//a[normalize-space(.)='{text}'] | //button[normalize-space(.)='{text}']")).Click();

    /// <summary>The page's table rows of one queue's or job's data attribute.</summary>
    protected IWebElement Row(string attribute, string value) => Find($"tr[{attribute}='{value}']");

    public void Dispose()
    {
        if (_browser.IsValueCreated)
        {
            _browser.Value.Quit();
            _browser.Value.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
