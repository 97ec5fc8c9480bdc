import { Link } from 'react-router';
import { EmptyState } from '../components/empty-state';
import { PageTitle } from '../components/page-title';
import { paths } from '../lib/paths';
import { listConversations } from '../lib/tab-storage';

// The customer's conversations with pros. Thumbtack offers no list of a customer's conversations,
// so this lists the ones started from requests sent in this tab; each opens the live thread.
export function Component() {
  const conversations = listConversations();
  return (
    <div className="page">
      <PageTitle>Messages</PageTitle>
      {conversations.length === 0 ? (
        <EmptyState
          title="No conversations yet"
          action={
            <Link className="button" to={paths.findPros.href()}>
              Find a pro
            </Link>
          }
        >
          When you send a request, the pros you contacted appear here and you can message them.
        </EmptyState>
      ) : (
        <ul className="inbox" aria-label="Conversations">
          {conversations.map((conversation) => (
            <li key={conversation.negotiationID} className="inbox__item">
              <Link
                className="inbox__link inbox__link--avatar"
                to={paths.conversation.href(conversation.negotiationID)}
              >
                <span className="avatar avatar--md avatar--initials" aria-hidden="true">
                  {conversation.businessName.charAt(0).toUpperCase()}
                </span>
                <span>
                  <span className="inbox__title">{conversation.businessName}</span>
                  <span className="inbox__meta">{conversation.categoryName ?? 'Your request'}</span>
                </span>
                <span className="inbox__side">Open</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
