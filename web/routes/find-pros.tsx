import { useState } from 'react';
import { Link, type LoaderFunctionArgs, useLoaderData, useNavigate } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { EmptyState } from '../components/empty-state';
import { Field } from '../components/field';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import {
  type Category,
  categoryOfResults,
  getCategoryRecommendations,
  type ProSearch,
  searchPros,
  ZIP_PATTERN,
} from '../features/marketplace/api/marketplace';
import { KeywordCombobox } from '../features/marketplace/components/keyword-combobox';
import { ProCard } from '../features/marketplace/components/pro-card';
import { deferred } from '../lib/deferred';
import { plural } from '../lib/format';
import { paths } from '../lib/paths';
import { saveChosenPros } from '../lib/tab-storage';

// Finding a pro: what and where in the URL, so a search can be shared, reloaded and gone back to.
export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const q = params.get('q')?.trim() ?? '';
  const categoryID = params.get('categoryID') ?? '';
  const zip = params.get('zip')?.trim() ?? '';
  const validZip = ZIP_PATTERN.test(zip);
  const search =
    validZip && (q || categoryID)
      ? deferred(
          searchPros(
            categoryID ? { categoryID, zipCode: zip } : { searchQuery: q, zipCode: zip },
            request.signal,
          ),
        )
      : undefined;
  const categories = validZip ? deferred(getCategoryRecommendations(zip, request.signal)) : undefined;
  return { q, categoryID, zip, validZip, search, categories };
}

export function Component() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <div>
        <PageTitle>Find a pro</PageTitle>
        <p className="page-lede">Tell us what you need and where, and compare pros near you.</p>
      </div>
      {/* Keyed by the URL's query so going back restores what the form showed. */}
      <SearchForm
        key={`${data.q}|${data.zip}`}
        initialQuery={data.q}
        initialZip={data.zip}
        zipProblem={
          data.zip && !data.validZip ? `“${data.zip}” is not a zip code. Enter five digits.` : undefined
        }
      />

      {data.search ? (
        <section className="section" aria-labelledby="results-heading">
          <h2 id="results-heading">
            Pros for “{data.q || 'this service'}” near {data.zip}
          </h2>
          <AsyncContent
            resolve={data.search}
            action="searching pros"
            fallback={<SkeletonList label="Finding pros…" rows={3} />}
          >
            {(result) => (
              <SearchResults
                key={result.searchID}
                result={result}
                zip={data.zip}
                askedCategory={data.categoryID}
              />
            )}
          </AsyncContent>
        </section>
      ) : null}

      {data.categories ? (
        <section className="section" aria-labelledby="popular-heading">
          <h2 id="popular-heading">Popular near {data.zip}</h2>
          <AsyncContent
            resolve={data.categories}
            action="suggesting services"
            fallback={<SkeletonList label="Loading popular services…" rows={1} />}
          >
            {(categories) => <CategoryChips categories={categories} zip={data.zip} />}
          </AsyncContent>
        </section>
      ) : null}

      {!data.search && !data.categories ? (
        <EmptyState title="Start with a service and a zip code">
          For example “house cleaning” in 94117. Popular services near you will show up too.
        </EmptyState>
      ) : null}
    </div>
  );
}

function SearchForm({
  initialQuery,
  initialZip,
  zipProblem,
}: {
  initialQuery: string;
  initialZip: string;
  /** What is wrong with the zip code the URL carries (a shared or hand-edited link). */
  zipProblem: string | undefined;
}) {
  const navigate = useNavigate();
  const [query, setQuery] = useState(initialQuery);
  const [zip, setZip] = useState(initialZip);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    void navigate(paths.findPros.href({ q: query.trim(), zip: zip.trim() }));
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for some browsers and test DOMs; the role says the same.
    <form className="card search-form" role="search" aria-label="Find a pro" onSubmit={submit}>
      <KeywordCombobox label="What do you need done?" value={query} onChange={setQuery} />
      <Field label="Zip code" error={zipProblem}>
        {(control) => (
          <input
            {...control}
            className="input"
            inputMode="numeric"
            autoComplete="postal-code"
            pattern="\d{5}"
            maxLength={5}
            value={zip}
            onChange={(event) => setZip(event.target.value)}
            required
          />
        )}
      </Field>
      <button type="submit" className="button">
        Search
      </button>
    </form>
  );
}

function CategoryChips({ categories, zip }: { categories: Category[]; zip: string }) {
  if (categories.length === 0) {
    return <p className="muted">No suggestions for this area yet.</p>;
  }
  return (
    <ul className="chip-list">
      {categories.map((category) => (
        <li key={category.categoryID}>
          <Link
            className="chip"
            to={paths.findPros.href({ categoryID: category.categoryID, q: category.name, zip })}
          >
            {category.name}
            {category.activeServices ? <span className="muted">{category.activeServices} pros</span> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function SearchResults({
  result,
  zip,
  askedCategory,
}: {
  result: ProSearch;
  zip: string;
  askedCategory: string;
}) {
  const navigate = useNavigate();
  const [chosen, setChosen] = useState<string[]>([]);
  const pros = result.data ?? [];
  const categoryID = categoryOfResults(pros, askedCategory || undefined);

  if (pros.length === 0) {
    return (
      <EmptyState title="No pros found">
        Try other words, a nearby zip code, or one of the popular services below.
      </EmptyState>
    );
  }

  function requestQuotes() {
    if (!categoryID) return;
    saveChosenPros(
      result.searchID,
      pros
        .filter((pro) => chosen.includes(pro.businessID))
        .map(({ businessID, businessName }) => ({ businessID, businessName })),
    );
    void navigate(
      paths.requestForm.href(categoryID, { searchID: result.searchID, businessIDs: chosen, zip }),
    );
  }

  return (
    <>
      <ul className="card-list" aria-label="Pros">
        {pros.map((pro) => (
          <li key={pro.businessID}>
            <ProCard
              pro={pro}
              selected={chosen.includes(pro.businessID)}
              onSelectedChange={
                categoryID
                  ? (selected) =>
                      setChosen((current) =>
                        selected
                          ? [...current, pro.businessID]
                          : current.filter((id) => id !== pro.businessID),
                      )
                  : undefined
              }
            />
          </li>
        ))}
      </ul>
      {categoryID ? (
        <div className="sticky-bar">
          <span aria-live="polite">
            {chosen.length === 0
              ? 'Choose the pros you would like quotes from.'
              : `${plural(chosen.length, 'pro')} chosen`}
          </span>
          <button type="button" className="button" disabled={chosen.length === 0} onClick={requestQuotes}>
            Request quotes
          </button>
        </div>
      ) : (
        <p className="muted">
          To ask for quotes, pick one of the popular services below so we know which form to show.
        </p>
      )}
    </>
  );
}
