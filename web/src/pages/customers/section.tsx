// The Customers section: the searchable list at /customers and a customer's page at /customers/:id (mounted
// with wouter's nest, so the paths here are relative).
import { Route, Switch } from 'wouter';
import { CustomerList } from './customer-list.tsx';
import { CustomerPage } from './customer-page.tsx';
import './customers.css';

export default function CustomersSection() {
  return (
    <Switch>
      <Route path="/" component={CustomerList} />
      <Route path="/:id">{(params) => <CustomerPage key={params.id} id={params.id} />}</Route>
    </Switch>
  );
}
